/** One log, keys in seed 002's order. */
export class LogDto {
  /** The log's number, derived from its event id: the same log always has the same number. */
  id!: number;
  /** When it happened (its own created_at, else when it was received), UTC, to the second: 2022-11-14T21:01:56Z. */
  created_at!: string;
  event_name!: string;
  description!: string;
  /** Absent when the log has none. */
  customer_id?: number;
}

export class LogPageMetadataDto {
  current_page!: number;
  page_size!: number;
  /** Always 1. */
  first_page!: number;
  /** The page holding the last log; 1 when there is none. */
  last_page!: number;
  /** Logs matching the filters, on every page. */
  total_records!: number;
}

/** Seed 002's answer to `GET /api/read`. */
export class LogListingDto {
  logs!: LogDto[];
  metadata!: LogPageMetadataDto;
}
