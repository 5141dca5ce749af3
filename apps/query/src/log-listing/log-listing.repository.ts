import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { ReadScope } from '../read-scope/read-scope';
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

/** Where a deep page starts: the bound of the hour holding its first log, and the logs before that hour. */
interface HourOfLog {
  /** DateTime text in UTC. */
  bound: string;
  logs_before: number | string;
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
 * which costs counting each hour's logs, about 0.04 ms per thousand logs of the selection (80 ms
 * for 1.87M), plus the page: from MIN_DEEP_OFFSET, or a twentieth of the selection's logs when
 * that is more (docs/PERFORMANCE.md, Session 10).
 */
const MIN_DEEP_OFFSET = 10_000;
const deepOffsetOf = (logs: number): number => Math.max(MIN_DEEP_OFFSET, Math.ceil(logs / 20));

/** How the logs of a selection are counted, each event once: the aggregate and the table read. */
interface LogsCounted {
  count: string;
  from: string;
}

const DISTINCT_IDS: LogsCounted = { count: 'uniqExact(id)', from: 'events' };
const EVENTS_FINAL: LogsCounted = { count: 'count()', from: 'events FINAL' };
/** Rows as stored, copies included: exact only where the selection has none. */
const STORED_ROWS: LogsCounted = { count: 'count()', from: 'events' };

/**
 * FINAL collapses the copies of every event it reads; of one customer's logs that is every user
 * id of the project, as the table is sorted by name first. A customer's logs are read from the
 * source_user projection (migration 13), which FINAL cannot use, and counted by their distinct
 * ids, the copies a page collapses (LIMIT 1 BY id): 7 against 83 ms for the busiest customer at
 * 10M events (docs/PERFORMANCE.md, Session 9). Every log of the source has too many ids for that.
 */
function logsCountedSql(ofOneCustomer: boolean): LogsCounted {
  return ofOneCustomer ? DISTINCT_IDS : EVENTS_FINAL;
}

/** The logs a read selects: its conditions, their bound values, and how they are counted. */
interface LogSelection {
  where: string[];
  params: Record<string, unknown>;
  counted: LogsCounted;
}

/** Where a page starts among the logs of a selection, and how many it takes. */
interface PageSlice {
  offset: number;
  limit: number;
}

/**
 * The first hour in the order past `hour_offset` logs, with the logs before it; `columns` adds
 * to what it answers. The names are its own: an alias of ClickHouse holds in the whole statement.
 */
function hourOfLogSql(where: string[], counted: LogsCounted, descending: boolean, columns = ''): string {
  const direction = descending ? 'DESC' : 'ASC';
  return `SELECT ${descending ? 'hour + INTERVAL 1 HOUR' : 'hour'} AS bound, logs_before${columns}
     FROM (
       SELECT hour, sum(logs) OVER (ORDER BY hour ${direction}) - logs AS logs_before, logs, sum(logs) OVER () AS counted_logs
       FROM (SELECT toStartOfHour(event_time) AS hour, ${counted.count} AS logs FROM ${counted.from} WHERE ${where.join(' AND ')} GROUP BY hour)
     )
     WHERE logs_before + logs > {hour_offset:UInt64}
     ORDER BY hour ${direction}
     LIMIT 1`;
}

/**
 * Seed 002's logs: the events of source log-service in the read's project, the time of each its
 * event_time. A page is OFFSET/LIMIT over the logs, each event once, read without FINAL: the
 * first `offset + limit + allowance` rows in the page's time order (ClickHouse reads them in the
 * order of the listing projection, migration 10, and stops there), of which the copies of an event
 * collapse into one (LIMIT 1 BY id, the copy received last, as FINAL keeps the last one) before the
 * OFFSET. FINAL would merge every part before sorting: 0.5 to 1 s a page at 10M events
 * (docs/PERFORMANCE.md). Counts are exact (logsCountedSql).
 *
 * Sorted by event_name, the logs of each name are read the same way, by time: the counts of
 * each name say which names the page spans and where it starts in the first. No stored order
 * gives (name, time): the table's is (name, channel, time), so a name's logs would be sorted whole.
 */
@Injectable()
export class LogListingRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

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
    const selection = { where, params, counted: logsCountedSql(query.customer_id !== undefined) };
    const slice = { offset: (query.page - 1) * query.page_size, limit: query.page_size };
    const descending = query.sort.startsWith('-');
    if (query.sort.endsWith('event_name')) return this.pageByName(selection, slice, descending);
    // A filter may match no log: the page's read would then pass over every log to find none (179 ms at 10M), the count about 30.
    return this.pageByTime(selection, slice, descending, query.event_name !== undefined || query.customer_id !== undefined);
  }

  private async pageByTime(selection: LogSelection, slice: PageSlice, descending: boolean, countFirst: boolean): Promise<LogPage> {
    const { where, params, counted } = selection;
    const total = this.events.rows<{ total: number | string }>(`SELECT ${counted.count} AS total FROM ${counted.from} WHERE ${where.join(' AND ')}`, params).then(([row]) => Number(row.total));
    // Awaited below, unless the page's read fails first: then its failure is the answer, and this one must not be left unhandled.
    total.catch(() => undefined);
    const rows = await this.slice(selection, slice, descending, () => total, countFirst);
    return { rows, total: await total };
  }

  /** The names in the sort's order with their logs' counts; the page takes its logs from each name in turn, by time. */
  private async pageByName(selection: LogSelection, slice: PageSlice, descending: boolean): Promise<LogPage> {
    const { where, params, counted } = selection;
    const names = await this.events.rows<{ name: string; logs: number | string }>(
      `SELECT name, ${counted.count} AS logs FROM ${counted.from} WHERE ${where.join(' AND ')} GROUP BY name ORDER BY name ${descending ? 'DESC' : 'ASC'}`,
      params,
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
      const ofName = { ...selection, where: [...where, 'name = {page_name:String}'], params: { ...params, page_name: name } };
      rows.push(...(await this.slice(ofName, { offset: skip, limit: slice.limit - rows.length }, descending, async () => count)));
      skip = 0;
    }
    return { rows, total: names.reduce((sum, { logs }) => sum + Number(logs), 0) };
  }

  /**
   * The slice of the selection's logs in time order. Counted first when asked or when the slice
   * is deep: none past the last log; read backwards from the last log when that is near; else
   * from the hour holding the slice's first log, the logs of the hours before it counted as the
   * total is (hourOfLog).
   */
  private async slice(selection: LogSelection, slice: PageSlice, descending: boolean, total: () => Promise<number>, countFirst = false): Promise<LogRow[]> {
    const { offset, limit } = slice;
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
    const hour = await this.hourOfLog(selection, offset, descending);
    // No hour: the logs were erased since they were counted.
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
   * Where the log at `offset` in the order lies: the bound of its hour (the hour's start, or its
   * end in descending order) and how many logs come before that hour, counted as the total is.
   * Counted FINAL, each hour's logs take 78 ms at 10M events, as FINAL reads the whole table;
   * the stored rows, 44 with the FINAL total beside them, read from the source_user projection.
   * Those are the logs' counts when the rows and the logs are as many in one snapshot of the
   * table's parts (the server's enable_shared_storage_snapshot_in_query), i.e. when no log has a
   * stored copy: the common case once the writer's copies are merged away.
   */
  private async hourOfLog(selection: LogSelection, offset: number, descending: boolean): Promise<HourOfLog | undefined> {
    const params = { ...selection.params, hour_offset: offset };
    if (selection.counted === EVENTS_FINAL && (await this.events.sends('enable_shared_storage_snapshot_in_query'))) {
      const copiesCheck = `, counted_logs, (SELECT count() FROM events FINAL WHERE ${selection.where.join(' AND ')}) AS final_logs`;
      const [hour] = await this.events.rows<HourOfLog & { counted_logs: number | string; final_logs: number | string }>(hourOfLogSql(selection.where, STORED_ROWS, descending, copiesCheck), params);
      if (hour && Number(hour.counted_logs) === Number(hour.final_logs)) return { bound: hour.bound, logs_before: hour.logs_before };
    }
    const [hour] = await this.events.rows<HourOfLog>(hourOfLogSql(selection.where, selection.counted, descending), params);
    return hour;
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
