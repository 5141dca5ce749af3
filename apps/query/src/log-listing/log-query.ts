/** Seed 002's sort values: a field, descending with a leading `-`. */
export const LOG_SORTS = ['created_at', '-created_at', 'event_name', '-event_name'] as const;
export type LogSort = (typeof LOG_SORTS)[number];

export const LOG_PAGE_SIZE = { default: 20, max: 100 } as const;
/** The last page one may ask for: a mistyped page is refused rather than skipping billions of logs. */
export const LOG_MAX_PAGE = 10_000_000;

/** What `GET /api/read` asks for, validated. */
export interface LogQuery {
  /** Part of the name, any case: `user` finds `user_signed_in`. */
  event_name?: string;
  customer_id?: number;
  sort: LogSort;
  page: number;
  page_size: number;
}
