import type { EventSelection } from '../event-stats/event-selection';

/** The orders a listing may have: a time column, descending with a leading `-`. */
export const LISTING_SORTS = ['-event_time', 'event_time', '-received_at', 'received_at'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

export const LISTING_LIMIT = { default: 100, max: 1000 } as const;

/** Where a page starts: after the event with this sort value (milliseconds since 1970) and id. */
export interface ListingPosition {
  sort: ListingSort;
  time: number;
  id: string;
}

/** What `GET /events/list` asks for, validated. */
export interface EventListingQuery extends EventSelection {
  sort: ListingSort;
  limit: number;
  /** The last event of the previous page; the first page without. */
  after?: ListingPosition;
}

/** The sort's column and direction, from the whitelist only. */
export function sortOf(sort: ListingSort): { column: 'event_time' | 'received_at'; descending: boolean } {
  const descending = sort.startsWith('-');
  return { column: (descending ? sort.slice(1) : sort) as 'event_time' | 'received_at', descending };
}
