import { TupleParam } from '@clickhouse/client';

/**
 * A Tuple bound as a query parameter, such as an element of `{keys:Array(Tuple(String, UUID))}`:
 * @clickhouse/client writes it `('a','…')`, where a plain array would be `['a','…']`, which
 * ClickHouse does not read as a tuple.
 */
export const tupleParam = (values: readonly unknown[]): unknown => new TupleParam([...values]);
