import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { DIMENSION_NAMES, DIMENSIONS } from '../event-stats/dimensions';
import { clickHouseInstant, fromEventsSql, INSTANT_TYPE } from '../event-stats/event-selection';
import { QueryParams } from '../query-params';
import { tupleParam } from './clickhouse-tuple';
import { millisecondsOf } from './event-listing-answer';
import { EventListingQuery, LISTING_LIMIT, ListingPosition, sortOf } from './listing-query';

/** The columns a listed event is made of: its own, then the dimension registry's. The listing projections (migrations 10 and 11) hold them all. */
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
 * Neither order reads FINAL, which would merge every part the range touches and read no
 * projection: the rows are read plain, in the order of a projection (migrations 10 and 11), which
 * lets ClickHouse stop after the page, and the copies of an event (a resend, a redelivery) are
 * collapsed here. By event_time, copies share the event's event_time and id (the writer aligns a
 * resent event with its stored copy), so they come next to each other: the copy received last is
 * kept, as FINAL keeps the last one. By received_at, copies have different times, hence different
 * places: an event is listed once, at its latest copy (its greatest received_at), and a row is kept
 * only if the table holds no later copy of its event, looked up by the table's primary key.
 */
@Injectable()
export class EventListingRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  /** The page's events, and one more when there is a next page. */
  page(query: EventListingQuery): Promise<ListedRow[]> {
    return sortOf(query.sort).column === 'received_at' ? this.pageByReceipt(query) : this.pageByEventTime(query);
  }

  private async pageByEventTime(query: EventListingQuery): Promise<ListedRow[]> {
    // limit + 1 rows hold limit + 1 events unless some are copies; then more rows, until the events are there or the rows run out.
    for (let rows = query.limit + 1; ; rows *= 2) {
      const read = await this.read(query, rows, query.after);
      const events = collapsedCopies(read);
      // The first `limit` events are whole: another event follows their copies. The one after them only says that a next page exists.
      if (events.length > query.limit || read.length < rows) return events.slice(0, query.limit + 1);
    }
  }

  /**
   * The rows past the cursor, less the copies received before another copy of their event (that
   * event is listed further on, or was on an earlier page): limit + 1 and an eighth more, as a
   * page of rows often holds such a copy; while that leaves fewer than limit + 1 events, the rows
   * after the last one read, twice as many each time up to RECEIPT_READ_MAX (the bound of one
   * lookup), until the events are there or the rows run out.
   */
  private async pageByReceipt(query: EventListingQuery): Promise<ListedRow[]> {
    const events: ListedRow[] = [];
    let after = query.after;
    for (let rows = firstReceiptRead(query.limit); ; rows = Math.min(2 * rows, RECEIPT_READ_MAX)) {
      const read = await this.read(query, rows, after);
      const latest = await this.latestReceipts(query, read);
      // Copies with the same received_at and id are next to each other: one of them. A later read starts strictly after this one's last row, past them all.
      events.push(...collapsedCopies(read.filter((row) => latest.get(keyOf(row)) === row.received_at)));
      const last = read.at(-1);
      if (events.length > query.limit || read.length < rows || !last) return events.slice(0, query.limit + 1);
      after = { sort: query.sort, time: millisecondsOf(last.received_at), id: last.id };
    }
  }

  /** Up to `rows` rows of the selection strictly after `after` (its sort value, then its id), in the sort's order, each copy of an event a row of its own. */
  private read(query: EventListingQuery, rows: number, after: ListingPosition | undefined): Promise<ListedRow[]> {
    const params = new QueryParams();
    const { column, descending } = sortOf(query.sort);
    // The plain bound lets the partitions and the primary key skip what the tuple comparison alone would read.
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
       ${fromEventsSql(query, params, { final: false, conditions })}
       ORDER BY ${column} ${direction}, id ${direction}
       LIMIT ${params.bind('UInt32', rows)}`,
      params.values,
    );
  }

  /**
   * The latest received_at of each event of `rows`, by its key (keyOf), over all its copies
   * whatever the listing's filters: the copies of an event share the table's sort key (name,
   * channel_type, event_time, id), so the primary key finds them. In the scope's project only.
   */
  private async latestReceipts(query: EventListingQuery, rows: ListedRow[]): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const keys = new Map(rows.map((row) => [keyOf(row), tupleParam([row.name, row.channel_type, row.event_time, row.id])]));
    const params = new QueryParams();
    const copies = await this.events.rows<Pick<ListedRow, 'name' | 'channel_type' | 'event_time' | 'id' | 'received_at'>>(
      `SELECT name, channel_type, event_time, id, max(received_at) AS received_at
       ${fromEventsSql({ scope: query.scope, eventNames: [], filters: [] }, params, {
         final: false,
         conditions: (bound) => [`(name, channel_type, event_time, id) IN ${bound.bind(`Array(Tuple(String, String, ${INSTANT_TYPE}, UUID))`, [...keys.values()])}`],
       })}
       GROUP BY name, channel_type, event_time, id`,
      params.values,
    );
    return new Map(copies.map((copy) => [keyOf(copy), copy.received_at]));
  }
}

/**
 * The rows the first read by received_at takes: limit + 1 and an eighth more. With 1 % of the
 * events received twice, 40 pages at 10M took 80 statements instead of 120 to 138 with limit + 1
 * (docs/PERFORMANCE.md, Session 7).
 */
const firstReceiptRead = (limit: number): number => limit + 1 + Math.ceil(limit / 8);

/**
 * The most rows one read by received_at takes, the first read of the largest page, and so the most
 * events one lookup of their copies sends (its parameter travels in the URL: at most about 350 KB,
 * under ClickHouse's 1 MiB).
 */
export const RECEIPT_READ_MAX = firstReceiptRead(LISTING_LIMIT.max);

/** An event as the table's sort key names it, which all its copies share. */
function keyOf(row: Pick<ListedRow, 'name' | 'channel_type' | 'event_time' | 'id'>): string {
  return [row.name, row.channel_type, row.event_time, row.id].join('\u0000');
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
