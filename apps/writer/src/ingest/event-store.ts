import { EventRow } from './event-row';

export interface StoredSortKey {
  event_time: string;
  channel_type: string;
}

/**
 * The store refuses rows for what they hold (a value its column cannot take, a constraint):
 * sending them again cannot help. Any other error from the store may pass, and is retried.
 */
export class RowsRefusedError extends Error {
  constructor(
    /** The store's own name for the error, with its code: `VIOLATED_CONSTRAINT (469)`. */
    readonly storeError: string,
    message: string,
  ) {
    super(message);
    this.name = 'RowsRefusedError';
  }
}

/** Checks rows exactly as an insert would, storing nothing. */
export interface RowProbe {
  /** Resolves if the store would take every row; throws RowsRefusedError as insert() would. */
  check(rows: EventRow[]): Promise<void>;
  close(): Promise<void>;
}

/** Where rows are stored; the ClickHouse adapter implements it. */
export abstract class EventStore {
  /**
   * Inserts rows durably, all or none. `dedupToken` names the exact message range: a retry of
   * the same range is dropped by the store instead of written twice.
   */
  abstract insert(rows: EventRow[], dedupToken: string): Promise<void>;

  abstract openProbe(): Promise<RowProbe>;

  /** The sort-key fields (time, channel) of the stored events among `ids`. */
  abstract storedSortKeys(ids: string[]): Promise<Map<string, StoredSortKey>>;
}
