import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { QueryParams } from '../query-params';
import { ReadScope } from '../read-scope/read-scope';
import { countedOnceSql } from '../stored-parts/counted-once';
import { CompactedEvents } from '../stored-parts/parts-to-read';
import { StoredPartsRepository } from '../stored-parts/stored-parts.repository';
import { LogQuery } from './log-query';

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
 * The only ORDER BY a page's read uses, by the sort's direction: time, then the event's id.
 * Copies of an event share both (the writer aligns a resent event's time with its stored copy),
 * so they are next to each other, logs of one instant keep one order, and no log shows on two
 * pages. Sorted by event_name, each name's logs are read in this order, the names in theirs.
 */
export const LOG_TIME_ORDER = { ascending: 'event_time ASC, id ASC', descending: 'event_time DESC, id DESC' } as const;

/** Rows read past the page for copies of its events; doubled while copies leave the page short, at most MAX_WINDOW_DOUBLINGS times. */
const COPIES_ALLOWANCE = 32;
const MAX_WINDOW_DOUBLINGS = 10;

/**
 * How deep a page is read by passing over the logs before it in order, at 0.7 to 1.5 ms per
 * thousand (125 ms at 80,000 logs, 717 at 920,000; 10M events). Deeper, the page is read
 * backwards from the last log when that is nearer, else from the hour holding its first log,
 * found with the count (locatedCountSql), plus the page: from MIN_DEEP_OFFSET, or a twentieth of
 * the selection's logs when that is more (docs/PERFORMANCE.md, Sessions 10 and 13).
 */
const MIN_DEEP_OFFSET = 10_000;
const deepOffsetOf = (logs: number): number => Math.max(MIN_DEEP_OFFSET, Math.ceil(logs / 20));

/**
 * The logs a read selects: its conditions and their bound values, and how its logs are counted,
 * each event once: by their distinct ids (`compacted` undefined) or by the parts that hold them.
 */
interface LogSelection {
  where: string[];
  params: Record<string, unknown>;
  compacted?: CompactedEvents;
}

/** Where a page starts among the logs of a selection, and how many it takes. */
interface PageSlice {
  offset: number;
  limit: number;
}

/** The bound of the hour holding a deep page's first log (DateTime text in UTC), and the logs before that hour. */
interface HourOfLog {
  bound: string;
  logs_before: number | string;
}

/** locatedCountSql's row: found 0 when no hour holds the offset. */
type LocatedCountRow = HourOfLog & { found: number | string; logs: number | string };

/** A selection's logs, and the hour holding a deep slice's first log when it was located with them. */
interface SliceCount {
  logs: number;
  hour?: HourOfLog;
}

/**
 * Rows (k0 when keyed, events) that add up to the selection's logs, each event once, with their
 * bound values. FINAL would collapse the copies of every event it reads; of one customer's logs
 * that is every user id of the project, as the table is sorted by name first. A customer's logs
 * are read from the source_user projection (migration 13), which FINAL cannot use, and counted by
 * their distinct ids, the copies a page collapses (LIMIT 1 BY id): 7 against 83 ms for the busiest
 * customer at 10M events (docs/PERFORMANCE.md, Session 9). Every log of the source has too many
 * ids for that: it is counted by parts (countedOnceSql), the compacted ones from the hourly_counts
 * projection. Copies of an event share its time, so they are counted in one hour.
 */
function logCountsSql({ where, params, compacted }: LogSelection, key?: string): { sql: string; params: Record<string, unknown> } {
  if (compacted === undefined) {
    return { sql: `SELECT ${key ? `${key} AS k0, ` : ''}uniqExact(id) AS events FROM events WHERE ${where.join(' AND ')}${key ? ' GROUP BY k0' : ''}`, params };
  }
  const bound = new QueryParams();
  return { sql: countedOnceSql(bound, where.join(' AND '), key, compacted), params: { ...params, ...bound.values } };
}

/**
 * The selection's logs and the first hour in the order whose logs reach past `hour_offset`:
 * its bound (its start, or its end in descending order) and the logs before it. One row whatever
 * the logs. The names are its own: an alias of ClickHouse holds in the whole statement.
 */
function locatedCountSql(counts: string, descending: boolean): string {
  const [direction, first] = descending ? ['DESC', 'argMaxIf'] : ['ASC', 'argMinIf'];
  return `SELECT countIf(reached) > 0 AS found, ${first}(${descending ? 'hour + INTERVAL 1 HOUR' : 'hour'}, hour, reached) AS bound,
       ${first}(logs_before, hour, reached) AS logs_before, sum(logs) AS logs
     FROM (
       SELECT hour, sum(logs) OVER (ORDER BY hour ${direction}) - logs AS logs_before, logs, logs_before + logs > {hour_offset:UInt64} AS reached
       FROM (SELECT k0 AS hour, sum(events) AS logs FROM (${counts}) GROUP BY hour)
     )`;
}

/**
 * Seed 002's logs: the events of source log-service in the read's project, the time of each its
 * event_time. A page is OFFSET/LIMIT over the logs, each event once, read without FINAL: the
 * first `offset + limit + allowance` rows in the page's time order (ClickHouse reads them in the
 * order of the listing projection, migration 10, and stops there), of which the copies of an event
 * collapse into one (LIMIT 1 BY id, the copy received last, as FINAL keeps the last one) before the
 * OFFSET. FINAL would merge every part before sorting: 0.5 to 1 s a page at 10M events
 * (docs/PERFORMANCE.md). Counts are exact (logCountsSql).
 *
 * Sorted by event_name, the logs of each name are read the same way, by time: the counts of
 * each name say which names the page spans and where it starts in the first. No stored order
 * gives (name, time): the table's is (name, channel, time), so a name's logs would be sorted whole.
 */
@Injectable()
export class LogListingRepository {
  constructor(
    private readonly events: ClickHouseEventsReader,
    private readonly storedParts: StoredPartsRepository,
  ) {}

  async findPage(scope: ReadScope, query: LogQuery): Promise<LogPage> {
    const where = ['project = {project:String}', "source = 'log-service'"];
    const params: Record<string, unknown> = { project: scope.project };
    if (query.event_name !== undefined) {
      where.push('positionCaseInsensitiveUTF8(name, {event_name:String}) > 0');
      params.event_name = query.event_name;
    }
    if (query.customer_id !== undefined) {
      where.push('user_id = {customer_id:String}');
      params.customer_id = String(query.customer_id);
    }
    const compacted = query.customer_id === undefined ? await this.storedParts.compactedEvents() : undefined;
    const selection = { where, params, compacted };
    const slice = { offset: (query.page - 1) * query.page_size, limit: query.page_size };
    const descending = query.sort.startsWith('-');
    if (query.sort.endsWith('event_name')) return this.pageByName(selection, slice, descending);
    // A filter may match no log: the page's read would then pass over every log to find none (179 ms at 10M), the count about 30.
    return this.pageByTime(selection, slice, descending, query.event_name !== undefined || query.customer_id !== undefined);
  }

  private async pageByTime(selection: LogSelection, slice: PageSlice, descending: boolean, countFirst: boolean): Promise<LogPage> {
    const counted = slice.offset > MIN_DEEP_OFFSET ? this.locatedCount(selection, slice.offset, descending) : this.count(selection);
    // Awaited below, unless the page's read fails first: then its failure is the answer, and this one must not be left unhandled.
    counted.catch(() => undefined);
    const rows = await this.slice(selection, slice, descending, counted, countFirst);
    return { rows, total: (await counted).logs };
  }

  /** The names in the sort's order with their logs' counts; the page takes its logs from each name in turn, by time. */
  private async pageByName(selection: LogSelection, slice: PageSlice, descending: boolean): Promise<LogPage> {
    const counts = logCountsSql(selection, 'name');
    const names = await this.events.rows<{ name: string; logs: number | string }>(
      `SELECT k0 AS name, sum(events) AS logs FROM (${counts.sql}) GROUP BY name ORDER BY name ${descending ? 'DESC' : 'ASC'}`,
      counts.params,
    );
    const rows: LogRow[] = [];
    let skip = slice.offset;
    for (const { name, logs } of names) {
      const count = Number(logs);
      if (rows.length === slice.limit) break;
      if (skip >= count) {
        skip -= count;
        continue;
      }
      const ofName = { ...selection, where: [...selection.where, 'name = {page_name:String}'], params: { ...selection.params, page_name: name } };
      const ofNameCounted = skip > MIN_DEEP_OFFSET ? this.locatedCount(ofName, skip, descending) : Promise.resolve({ logs: count });
      rows.push(...(await this.slice(ofName, { offset: skip, limit: slice.limit - rows.length }, descending, ofNameCounted)));
      skip = 0;
    }
    return { rows, total: names.reduce((sum, { logs }) => sum + Number(logs), 0) };
  }

  /** The selection's logs, each once. */
  private async count(selection: LogSelection): Promise<SliceCount> {
    const counts = logCountsSql(selection);
    const [row] = await this.events.rows<{ logs: number | string }>(`SELECT sum(events) AS logs FROM (${counts.sql})`, counts.params);
    return { logs: Number(row.logs) };
  }

  /** The selection's logs, each once, and the hour holding the log at `offset` in the order (locatedCountSql). */
  private async locatedCount(selection: LogSelection, offset: number, descending: boolean): Promise<SliceCount> {
    const counts = logCountsSql(selection, 'toStartOfHour(event_time)');
    const [row] = await this.events.rows<LocatedCountRow>(locatedCountSql(counts.sql, descending), { ...counts.params, hour_offset: offset });
    return { logs: Number(row.logs), hour: Number(row.found) === 1 ? { bound: row.bound, logs_before: row.logs_before } : undefined };
  }

  /**
   * The slice of the selection's logs in time order. Counted first when asked or when the slice
   * is deep: none past the last log; read backwards from the last log when that is near; else
   * from the hour holding the slice's first log, found with the count.
   */
  private async slice(selection: LogSelection, slice: PageSlice, descending: boolean, counted: Promise<SliceCount>, countFirst = false): Promise<LogRow[]> {
    const { offset, limit } = slice;
    const total = async (): Promise<number> => (await counted).logs;
    if (!countFirst && offset <= MIN_DEEP_OFFSET) return this.sliceInOrder(selection, slice, descending, total);
    const logs = await total();
    if (offset >= logs) return [];
    const deep = deepOffsetOf(logs);
    if (offset <= deep) return this.sliceInOrder(selection, slice, descending, total);
    const after = logs - offset - limit;
    if (after <= deep) {
      const fromEnd = { offset: Math.max(0, after), limit: Math.min(limit, logs - offset) };
      return (await this.sliceInOrder(selection, fromEnd, !descending, total)).reverse();
    }
    const { hour } = await counted;
    // A deep slice's count locates it (pageByTime, pageByName), and an offset below the logs counted is in an hour of theirs.
    if (hour === undefined) return [];
    const before = Number(hour.logs_before);
    const fromHour = {
      ...selection,
      where: [...selection.where, `event_time ${descending ? '<' : '>='} {hour_bound:DateTime64(3, 'UTC')}`],
      params: { ...selection.params, hour_bound: hour.bound },
    };
    return this.sliceInOrder(fromHour, { offset: offset - before, limit }, descending, async () => logs - before);
  }

  /**
   * The slice read in order. Without copies the first window holds it; with more copies than
   * the allowance, the window grows until the slice is whole or past the last log.
   */
  private async sliceInOrder({ where, params }: LogSelection, { offset, limit }: PageSlice, descending: boolean, total: () => Promise<number>): Promise<LogRow[]> {
    for (let allowance = COPIES_ALLOWANCE, doubling = 0; ; allowance *= 2, doubling++) {
      const window = offset + limit + allowance;
      const rows = await this.windowSlice(where, LOG_TIME_ORDER[descending ? 'descending' : 'ascending'], { ...params, offset, limit, window });
      const windowHeldAll = rows.length > 0 && Number(rows[0].window_rows) < window;
      if (rows.length === limit || windowHeldAll || doubling === MAX_WINDOW_DOUBLINGS || offset + rows.length >= (await total())) {
        return rows.map(({ window_rows: _, ...row }) => row);
      }
    }
  }

  /** OFFSET and LIMIT over the events of the first `window` rows in the order, each event's copies collapsed. */
  private windowSlice(where: string[], orderBy: string, params: Record<string, unknown>): Promise<WindowedLogRow[]> {
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
