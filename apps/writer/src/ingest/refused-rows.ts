import { EventRow } from './event-row';
import { RowProbe, RowsRefusedError } from './event-store';

export interface RefusedRow<T> {
  item: T;
  error: RowsRefusedError;
}

/**
 * The items whose rows the store refuses, each with its error, found by halving: a set of rows
 * the probe takes holds no refused row; a refused set of one is that row. The result is the set
 * of rows refused on their own, so it depends on the rows alone, never on where a batch began or
 * ended: a redelivered batch is split the same way. Errors other than refusals propagate.
 */
export async function findRefusedRows<T>(items: T[], rowOf: (item: T) => EventRow, probe: RowProbe): Promise<RefusedRow<T>[]> {
  if (items.length === 0) return [];
  try {
    await probe.check(items.map(rowOf));
    return [];
  } catch (error) {
    if (!(error instanceof RowsRefusedError)) throw error;
    if (items.length === 1) return [{ item: items[0], error }];
  }
  const half = Math.ceil(items.length / 2);
  return [...(await findRefusedRows(items.slice(0, half), rowOf, probe)), ...(await findRefusedRows(items.slice(half), rowOf, probe))];
}
