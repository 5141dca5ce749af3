import { DIMENSION_NAMES, DIMENSIONS } from '../event-stats/dimensions';
import { EventListingDto, ListedEventDto } from './event-listing.dto';
import { ListedRow } from './event-listing.repository';
import { encodeCursor } from './listing-cursor';
import { EventListingQuery, sortOf } from './listing-query';

/** The page of `limit` events, and the cursor after its last one when the repository read one more. */
export function eventListingOf(query: EventListingQuery, rows: ListedRow[]): EventListingDto {
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const next = rows.length > query.limit && last ? encodeCursor({ sort: query.sort, time: millisecondsOf(last[sortOf(query.sort).column]), id: last.id }) : null;
  return { events: page.map(listedEventOf), next_cursor: next };
}

export function listedEventOf(row: ListedRow): ListedEventDto {
  return {
    id: row.id,
    name: row.name,
    event_time: isoOf(row.event_time),
    received_at: isoOf(row.received_at),
    user_id: row.user_id,
    anonymous_id: row.user_pseudo_id,
    ...Object.fromEntries(DIMENSION_NAMES.filter((name) => name !== 'name').map((name) => [name, row[DIMENSIONS[name].column]])),
    url: row.page_url,
    properties: JSON.parse(row.properties) as Record<string, unknown>,
  };
}

/** DateTime64 text in UTC (2024-03-30 14:05:09.120) as milliseconds since 1970. */
export function millisecondsOf(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

function isoOf(text: string): string {
  return new Date(millisecondsOf(text)).toISOString();
}
