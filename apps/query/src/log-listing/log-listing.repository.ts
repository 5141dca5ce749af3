import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { ReadScope } from '../read-scope/read-scope';
import { LogQuery, LogSort } from './log-query';

/** One log as stored: the events table's columns under seed 002's names. */
export interface LogRow {
  /** A number for the event's UUID, as seed 002's ids are numbers: 53 bits of its hash, exact in JSON. */
  log_id: number;
  /** DateTime64 text in UTC: 2022-11-14 21:01:56.498 */
  event_time: string;
  event_name: string;
  description: string;
  user_id: string;
}

export interface LogPage {
  rows: LogRow[];
  total: number;
}

/** A page's row as read: the rows the window held, on each. */
type WindowedLogRow = LogRow & { window_rows: number | string };

/**
 * The only ORDER BY a request can select. Each ends with the event's id, and copies of an event
 * share all of its terms (the writer aligns a resent event's time with its stored copy), so the
 * copies of an event are next to each other, logs with equal values keep one order, and no log
 * shows on two pages.
 */
export const LOG_ORDER_BY: Record<LogSort, string> = {
  created_at: 'event_time ASC, id ASC',
  '-created_at': 'event_time DESC, id DESC',
  event_name: 'name ASC, event_time ASC, id ASC',
  '-event_name': 'name DESC, event_time DESC, id DESC',
};

/** Rows read past the page for copies of its events; doubled while copies leave the page short, at most MAX_WINDOW_DOUBLINGS times. */
const COPIES_ALLOWANCE = 32;
const MAX_WINDOW_DOUBLINGS = 10;

/**
 * Seed 002's logs: the events of source log-service in the read's project, the time of each its
 * event_time. A page is OFFSET/LIMIT over the logs, each event once. It is read without FINAL:
 * the first `offset + limit + allowance` rows in the page's order (ClickHouse reads them in the
 * order of the listing projection, migration 10, and stops there), of which the copies of an event
 * collapse into one (LIMIT 1 BY id, the copy received last, as FINAL keeps the last one) before the
 * OFFSET. FINAL would merge every part before sorting: 0.5 to 1 s a page at 10M events
 * (docs/PERFORMANCE.md). The total is counted FINAL, the exact number of logs.
 */
@Injectable()
export class LogListingRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  async findPage(scope: ReadScope, query: LogQuery): Promise<LogPage> {
    const where = ['project = {project:String}', "source = 'log-service'"];
    const params: Record<string, unknown> = { project: scope.project, limit: query.page_size, offset: (query.page - 1) * query.page_size };
    if (query.event_name !== undefined) {
      where.push('positionCaseInsensitiveUTF8(name, {event_name:String}) > 0');
      params.event_name = query.event_name;
    }
    if (query.customer_id !== undefined) {
      where.push('user_id = {customer_id:String}');
      params.customer_id = String(query.customer_id);
    }
    const total = this.events.rows<{ total: number | string }>(`SELECT count() AS total FROM events FINAL WHERE ${where.join(' AND ')}`, params).then(([row]) => Number(row.total));
    // Awaited below, unless the page's read fails first: then its failure is the answer, and this one must not be left unhandled.
    total.catch(() => undefined);
    // Without copies the first window holds the page; with more copies than the allowance, the window grows until the page is whole or past the last log.
    for (let allowance = COPIES_ALLOWANCE, doubling = 0; ; allowance *= 2, doubling++) {
      const window = query.page * query.page_size + allowance;
      const rows = await this.windowPage(where, LOG_ORDER_BY[query.sort], { ...params, window });
      const windowHeldAll = rows.length > 0 && Number(rows[0].window_rows) < window;
      if (rows.length === query.page_size || windowHeldAll || doubling === MAX_WINDOW_DOUBLINGS || (params.offset as number) + rows.length >= (await total)) {
        return { rows: rows.map(({ window_rows: _, ...row }) => row), total: await total };
      }
    }
  }

  /** OFFSET and LIMIT over the events of the first `window` rows in the page's order, each event's copies collapsed. */
  private windowPage(where: string[], orderBy: string, params: Record<string, unknown>): Promise<WindowedLogRow[]> {
    return this.events.rows<WindowedLogRow>(
      `SELECT bitShiftRight(sipHash64(id), 11) AS log_id, event_time, name AS event_name,
         JSONExtractString(properties, 'description') AS description, user_id, window_rows
       FROM (
         SELECT id, event_time, received_at, name, properties, user_id, count() OVER () AS window_rows
         FROM (SELECT id, event_time, received_at, name, properties, user_id FROM events WHERE ${where.join(' AND ')} ORDER BY ${orderBy} LIMIT {window:UInt64})
       )
       ORDER BY ${orderBy}, received_at DESC
       LIMIT 1 BY id
       LIMIT {limit:UInt32} OFFSET {offset:UInt64}`,
      params,
    );
  }
}
