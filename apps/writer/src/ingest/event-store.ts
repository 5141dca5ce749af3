import { EventRow } from './event-row';

export interface StoredSortKey {
  event_time: string;
  channel_type: string;
}

/** Where rows are stored; the ClickHouse adapter implements it. */
export abstract class EventStore {
  /**
   * Inserts rows durably. `dedupToken` names the exact message range: a retry of the same
   * range is dropped by the store instead of written twice.
   */
  abstract insert(rows: EventRow[], dedupToken: string): Promise<void>;

  /** The sort-key fields (time, channel) of the stored events among `ids`. */
  abstract storedSortKeys(ids: string[]): Promise<Map<string, StoredSortKey>>;
}
