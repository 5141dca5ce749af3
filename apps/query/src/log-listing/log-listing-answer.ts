import { LogDto, LogListingDto, LogPageMetadataDto } from './log-listing.dto';
import { LogQuery } from './log-query';
import { LogPage, LogRow } from './log-listing.repository';

const INTEGER_TEXT = /^-?\d+$/;

/** The stored page as seed 002 prints it: logs, then where the page sits among all of them. */
export function logListingOf({ rows, total }: LogPage, query: Pick<LogQuery, 'page' | 'page_size'>): LogListingDto {
  return { logs: rows.map(logOf), metadata: metadataOf(total, query) };
}

function logOf(row: LogRow): LogDto {
  return {
    id: Number(row.log_id),
    created_at: `${row.event_time.slice(0, 19).replace(' ', 'T')}Z`,
    event_name: row.event_name,
    description: row.description,
    // Seed 002's customer_id is an integer; a log without one, or sent straight to Kafka with another user id, has none.
    ...(INTEGER_TEXT.test(row.user_id) && { customer_id: Number(row.user_id) }),
  };
}

function metadataOf(total: number, { page, page_size }: Pick<LogQuery, 'page' | 'page_size'>): LogPageMetadataDto {
  return { current_page: page, page_size, first_page: 1, last_page: Math.max(1, Math.ceil(total / page_size)), total_records: total };
}
