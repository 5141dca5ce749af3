import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { DIMENSION_NAMES, DIMENSIONS } from '../event-stats/dimensions';
import { clickHouseInstant, fromEventsSql, INSTANT_TYPE } from '../event-stats/event-selection';
import { QueryParams } from '../event-stats/query-params';
import { EventListingQuery, sortOf } from './listing-query';

/** The columns a listed event is made of: its own, then the dimension registry's. The listing projection (migration 10) holds them all. */
export const LISTED_COLUMNS = [
  'id',
  'event_time',
  'received_at',
  'user_id',
  'user_pseudo_id',
  'page_url',
  'properties',
  ...new Set(DIMENSION_NAMES.map((name) => DIMENSIONS[name].column)),
] as const;

/** One stored event, its columns as ClickHouse's JSON writes them (times as DateTime64 text in UTC). */
export type ListedRow = Record<(typeof LISTED_COLUMNS)[number], string>;

/**
 * The SQL of `GET /events/list`: keyset pages in which every event is one row and has one place
 * in the order (its sort value, then its id). A page continues strictly after the last event of
 * the previous one, whatever was inserted before it meanwhile, and a deep page reads no more than
 * a first one: no OFFSET. Identifiers come from the whitelists (the sort's column, the registry's); values are bound.
 *
 * By event_time, the rows are read without FINAL, in the order of the listing projection (migration
 * 10), which lets ClickHouse stop after the page: FINAL would merge every part the range touches,
 * and would not read the projection. Copies of an event share its event_time and id (the writer
 * aligns a resent event with its stored copy), so they come next to each other and are collapsed
 * here, into the copy received last, as FINAL keeps the last one. By received_at, copies have
 * different times, hence different places: the page is read FINAL (slower, docs/PERFORMANCE.md).
 */
@Injectable()
export class EventListingRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  /** The page's events, and one more when there is a next page. */
  async page(query: EventListingQuery): Promise<ListedRow[]> {
    if (sortOf(query.sort).column === 'received_at') return this.read(query, query.limit + 1, true);
    // limit + 1 rows hold limit + 1 events unless some are copies; then more rows, until the events are there or the rows run out.
    for (let rows = query.limit + 1; ; rows *= 2) {
      const read = await this.read(query, rows, false);
      const events = collapsedCopies(read);
      // The first `limit` events are whole: another event follows their copies. The one after them only says that a next page exists.
      if (events.length > query.limit || read.length < rows) return events.slice(0, query.limit + 1);
    }
  }

  private read(query: EventListingQuery, rows: number, final: boolean): Promise<ListedRow[]> {
    const params = new QueryParams();
    const { column, descending } = sortOf(query.sort);
    // Strictly after the previous page's last event; the plain bound lets the partitions and the primary key skip what the tuple comparison alone would read.
    const after = query.after;
    const conditions = after
      ? (bound: QueryParams) => {
          const time = bound.bind(INSTANT_TYPE, clickHouseInstant(new Date(after.time)));
          const id = bound.bind('UUID', after.id);
          return [descending ? `${column} <= ${time}` : `${column} >= ${time}`, `(${column}, id) ${descending ? '<' : '>'} (${time}, ${id})`];
        }
      : undefined;
    const direction = descending ? 'DESC' : 'ASC';
    return this.events.rows<ListedRow>(
      `SELECT ${LISTED_COLUMNS.join(', ')}
       ${fromEventsSql(query, params, { final, conditions })}
       ORDER BY ${column} ${direction}, id ${direction}
       LIMIT ${params.bind('UInt32', rows)}`,
      params.values,
    );
  }
}

/** Rows in which the copies of an event are next to each other, one per event: the copy received last (times as DateTime64 text compare in order). */
export function collapsedCopies(rows: ListedRow[]): ListedRow[] {
  const events: ListedRow[] = [];
  for (const row of rows) {
    const last = events.at(-1);
    if (last?.id !== row.id) events.push(row);
    else if (row.received_at > last.received_at) events[events.length - 1] = row;
  }
  return events;
}
