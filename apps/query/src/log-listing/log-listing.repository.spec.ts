import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { CompactedEvents } from '../stored-parts/parts-to-read';
import { StoredPartsRepository } from '../stored-parts/stored-parts.repository';
import { LogQuery } from './log-query';
import { LOG_TIME_ORDER, LogListingRepository } from './log-listing.repository';

type Sent = { sql: string; params: Record<string, unknown> };

const NONE_COMPACTED: CompactedEvents = { compactedEvents: [], compactedPartitions: [] };
const COMPACTED: CompactedEvents = { compactedEvents: ['202502_1_9_2'], compactedPartitions: ['202502'] };

/** The stored-parts repository's answer: the events' compacted parts. */
const partsOf = (compacted: CompactedEvents) => ({ compactedEvents: async () => compacted }) as unknown as StoredPartsRepository;

/**
 * The SELECTs the repository sends, with their parameters, answered by a reader that records
 * them: `total` logs to a count, the row `located` gives to a count that locates an hour (by
 * default the total's, and an hour found), the rows `pages` gives to a page read for its window
 * (none by default).
 */
async function selectsOf(
  query: LogQuery,
  {
    total = 0,
    pages = () => [],
    located = { found: 1, bound: '2025-02-14 09:00:00', logs_before: '499990' },
    compacted = NONE_COMPACTED,
  }: { total?: number; pages?: (window: number) => object[]; located?: object; compacted?: CompactedEvents } = {},
): Promise<{ sent: Sent[]; rows: unknown[]; total: number }> {
  const sent: Sent[] = [];
  const reader = {
    rows: async (sql: string, params: Record<string, unknown>) => {
      sent.push({ sql: sql.replace(/\s+/g, ' '), params });
      if (sql.includes(' AS found, ')) return [{ logs: String(total), ...located }];
      if (sql.startsWith('SELECT sum(events) AS logs FROM (')) return [{ logs: String(total) }];
      return pages(params.window as number);
    },
  } as unknown as ClickHouseEventsReader;
  const { rows, total: answered } = await new LogListingRepository(reader, partsOf(compacted)).findPage({ project: 'shop' }, query);
  return { sent, rows, total: answered };
}

const log = (n: number, windowRows: number) => ({ log_id: n, event_time: '2022-11-14 21:01:56.498', event_name: 'e', description: '', user_id: '', window_rows: String(windowRows) });

const FIRST_PAGE: LogQuery = { sort: 'created_at', page: 1, page_size: 20 };

describe('the time order', () => {
  it.each(Object.entries(LOG_TIME_ORDER))('orders %s by event_time, then by the unique id, in one direction', (_, order) => {
    const [time, id] = order.split(', ');
    expect(time.replace('event_time ', '')).toBe(id.replace('id ', ''));
    expect(order).toMatch(/^event_time (ASC|DESC), id (ASC|DESC)$/);
  });
});

describe("the log listing's SQL", () => {
  it("reads only the read's project's log-service events: the total FINAL where no part is compacted, the page in the sort's order without FINAL, each event's copies collapsed before the OFFSET", async () => {
    const { sent } = await selectsOf({ ...FIRST_PAGE, sort: '-created_at', page: 3, page_size: 10 });
    const [count, page] = sent;
    expect(count.sql).toBe("SELECT sum(events) AS logs FROM (SELECT toInt64(count()) AS events FROM events FINAL WHERE project = {project:String} AND source = 'log-service')");
    expect(page.sql).toContain("FROM events WHERE project = {project:String} AND source = 'log-service' ORDER BY event_time DESC, id DESC LIMIT {window:UInt64}");
    expect(page.sql).toContain('ORDER BY event_time DESC, id DESC, received_at DESC LIMIT 1 BY id LIMIT {limit:UInt32} OFFSET {offset:UInt64}');
    expect(page.sql).not.toContain('FINAL');
    for (const { params } of [count, page]) expect(params.project).toBe('shop');
    expect(page.params).toEqual({ project: 'shop', limit: 10, offset: 20, window: 30 + 32 });
  });

  it('counts the compacted parts by their rows, every other part FINAL, less the keys of theirs a part written since holds; the parts bound', async () => {
    const { sent } = await selectsOf(FIRST_PAGE, { compacted: COMPACTED });
    const [count] = sent;
    const where = "WHERE project = {project:String} AND source = 'log-service'";
    expect(count.sql).toContain(`SELECT toInt64(count()) AS events FROM events ${where} AND _part IN {p0:Array(String)} UNION ALL`);
    expect(count.sql).toContain(`SELECT toInt64(count()) AS events FROM events FINAL ${where} AND _part NOT IN {p0:Array(String)} UNION ALL`);
    expect(count.sql).toContain(`-toInt64(count()) AS events FROM events ${where} AND _part IN {p0:Array(String)} AND (name, channel_type, event_time, id) IN (SELECT`);
    expect(count.params).toEqual({ project: 'shop', p0: COMPACTED.compactedEvents, p1: COMPACTED.compactedPartitions });
  });

  it("counts one customer's logs by their distinct ids without FINAL, so that the count can read the source_user projection", async () => {
    const { sent } = await selectsOf({ ...FIRST_PAGE, customer_id: 18 }, { compacted: COMPACTED });
    expect(sent[0].sql).toBe("SELECT sum(events) AS logs FROM (SELECT uniqExact(id) AS events FROM events WHERE project = {project:String} AND source = 'log-service' AND user_id = {customer_id:String})");
    const byName = await selectsOf({ ...FIRST_PAGE, sort: 'event_name', customer_id: 18 });
    expect(byName.sent[0].sql).toContain('FROM (SELECT name AS k0, uniqExact(id) AS events FROM events WHERE');
  });

  it('binds the filters as parameters, never in the SQL text', async () => {
    const eventName = "50%_off' OR 1=1 --";
    const { sent } = await selectsOf({ ...FIRST_PAGE, event_name: eventName, customer_id: -18 });
    for (const { sql, params } of sent) {
      expect(sql).not.toContain(eventName);
      expect(sql).toContain('positionCaseInsensitiveUTF8(name, {event_name:String}) > 0 AND user_id = {customer_id:String}');
      expect(params).toMatchObject({ event_name: eventName, customer_id: '-18' });
    }
  });

  it('leaves out the filters not asked for', async () => {
    const { sent } = await selectsOf(FIRST_PAGE);
    expect(sent[1].sql).not.toMatch(/event_name:|customer_id:/);
    expect(sent[1].params).toEqual({ project: 'shop', limit: 20, offset: 0, window: 52 });
  });
});

describe('sorted by event_name', () => {
  /** Names a, b and c with 3, 1 and 4 logs; each name's read answers `limit` logs from `offset`, numbered by name. */
  async function byName(query: LogQuery): Promise<{ sent: Sent[]; rows: unknown[]; total: number }> {
    const counts = query.sort === 'event_name' ? [['a', 3], ['b', 1], ['c', 4]] : [['c', 4], ['b', 1], ['a', 3]];
    const sent: Sent[] = [];
    const reader = {
      rows: async (sql: string, params: Record<string, unknown>) => {
        sent.push({ sql: sql.replace(/\s+/g, ' '), params });
        if (sql.includes('GROUP BY name')) return counts.map(([name, logs]) => ({ name, logs: String(logs) }));
        const logs = Number(counts.find(([name]) => name === params.page_name)?.[1]);
        const offset = params.offset as number;
        return Array.from({ length: Math.max(0, Math.min(params.limit as number, logs - offset)) }, (_, i) => ({ ...log(offset + i, 1), event_name: params.page_name }));
      },
    } as unknown as ClickHouseEventsReader;
    const { rows, total } = await new LogListingRepository(reader, partsOf(NONE_COMPACTED)).findPage({ project: 'shop' }, query);
    return { sent, rows, total };
  }

  it("counts each name's logs FINAL, in the sort's order, the filters bound", async () => {
    const { sent, total } = await byName({ sort: '-event_name', page: 1, page_size: 2, event_name: 'x' });
    expect(sent[0].sql).toBe(
      "SELECT k0 AS name, sum(events) AS logs FROM (SELECT name AS k0, toInt64(count()) AS events FROM events FINAL WHERE project = {project:String} AND source = 'log-service' AND positionCaseInsensitiveUTF8(name, {event_name:String}) > 0 GROUP BY k0) GROUP BY name ORDER BY name DESC",
    );
    expect(total).toBe(8);
  });

  it('reads the page from the names it spans, each by time in the direction of the sort, from where the page starts in the first', async () => {
    const { sent, rows } = await byName({ sort: 'event_name', page: 2, page_size: 2 });
    // Logs 3 and 4 of 8: a's third, then b's only.
    expect(sent.slice(1).map(({ params }) => [params.page_name, params.offset, params.limit])).toEqual([['a', 2, 2], ['b', 0, 1]]);
    expect(sent[1].sql).toContain("AND name = {page_name:String} ORDER BY event_time ASC, id ASC LIMIT {window:UInt64}");
    expect(rows).toEqual([expect.objectContaining({ event_name: 'a', log_id: 2 }), expect.objectContaining({ event_name: 'b', log_id: 0 })]);
    const descending = await byName({ sort: '-event_name', page: 1, page_size: 5 });
    expect(descending.sent.slice(1).map(({ params }) => params.page_name)).toEqual(['c', 'b']);
    expect(descending.sent[1].sql).toContain('ORDER BY event_time DESC, id DESC LIMIT {window:UInt64}');
  });

  it("finds a deep page's hour among its name's logs, with their count", async () => {
    const sent: Sent[] = [];
    const reader = {
      rows: async (sql: string, params: Record<string, unknown>) => {
        sent.push({ sql: sql.replace(/\s+/g, ' '), params });
        if (sql.includes('GROUP BY name')) return [{ name: 'a', logs: '1000000' }];
        if (sql.includes(' AS found, ')) return [{ found: 1, bound: '2025-02-14 09:00:00', logs_before: '499990', logs: '1000000' }];
        return [log(0, 1)];
      },
    } as unknown as ClickHouseEventsReader;
    await new LogListingRepository(reader, partsOf(COMPACTED)).findPage({ project: 'shop' }, { sort: 'event_name', page: 25_001, page_size: 20 });
    const [, lookup, page] = sent;
    expect(lookup.sql).toContain("FROM events WHERE project = {project:String} AND source = 'log-service' AND name = {page_name:String} AND _part IN {p0:Array(String)} GROUP BY k0");
    expect(lookup.params).toMatchObject({ page_name: 'a', hour_offset: 500_000 });
    expect(page.params).toMatchObject({ page_name: 'a', hour_bound: '2025-02-14 09:00:00', offset: 10, limit: 20 });
  });

  it('reads no name past the last log', async () => {
    const { sent, rows } = await byName({ sort: 'event_name', page: 5, page_size: 2 });
    expect(sent).toHaveLength(1);
    expect(rows).toEqual([]);
  });
});

describe('the window of rows before a page', () => {
  const page2: LogQuery = { ...FIRST_PAGE, page: 2, page_size: 2 };

  it('is read once when it holds the whole page', async () => {
    const { sent, rows } = await selectsOf(page2, { total: 9, pages: (window) => [log(1, window), log(2, window)] });
    expect(sent).toHaveLength(2);
    expect(rows).toEqual([expect.objectContaining({ log_id: 1 }), expect.objectContaining({ log_id: 2 })]);
    expect(rows[0]).not.toHaveProperty('window_rows');
  });

  it('grows while copies leave the page short of the logs the total says are there', async () => {
    // Copies fill the windows of 36 and 68 rows; the one of 132 holds the page.
    const { sent, rows } = await selectsOf(page2, { total: 9, pages: (window) => (window < 100 ? [log(1, window)] : window < 130 ? [] : [log(1, window), log(2, window)]) });
    expect(sent.slice(1).map(({ params }) => params.window)).toEqual([36, 68, 132]);
    expect(rows).toHaveLength(2);
  });

  it('stops at a short page when the window did not fill: the last page', async () => {
    const { sent, rows } = await selectsOf(page2, { total: 9, pages: () => [log(1, 3)] });
    expect(sent).toHaveLength(2);
    expect(rows).toHaveLength(1);
  });

  it('stops at an empty page past the last log', async () => {
    const { sent, rows } = await selectsOf({ ...page2, page: 9 }, { total: 9, pages: () => [] });
    expect(sent).toHaveLength(2);
    expect(rows).toEqual([]);
  });

  it('grows a bounded number of times', async () => {
    const { sent } = await selectsOf(page2, { total: 1_000_000, pages: () => [] });
    expect(sent).toHaveLength(2 + 10);
  });
});

describe('a page that may find nothing', () => {
  it('is counted first when filtered: no log of the filter, no page read', async () => {
    for (const filter of [{ event_name: 'zzzz' }, { customer_id: 999 }]) {
      const { sent, rows } = await selectsOf({ ...FIRST_PAGE, ...filter }, { total: 0, pages: () => [log(1, 1)] });
      expect(sent.map(({ sql }) => sql.slice(0, 30))).toEqual(['SELECT sum(events) AS logs FRO']);
      expect(rows).toEqual([]);
    }
  });

  it('reads no log past the last one when deep, whatever the filters', async () => {
    const { sent, rows } = await selectsOf({ ...FIRST_PAGE, page: 10_000 }, { total: 150_000, pages: () => [log(1, 1)] });
    expect(sent).toHaveLength(1);
    expect(rows).toEqual([]);
  });
});

describe('a deep page', () => {
  const total = 1_000_000;
  const numbered = (first: number, count: number) => Array.from({ length: count }, (_, i) => log(first + i, 100));

  it("near the last log, is read backwards from it and answered in the sort's order", async () => {
    // Logs 999,980 to 999,999 of a million: the first 20 read from the end, reversed.
    const { sent, rows } = await selectsOf({ ...FIRST_PAGE, page: 50_000 }, { total, pages: () => numbered(0, 20).reverse() });
    const [, page] = sent;
    expect(page.sql).toContain('ORDER BY event_time DESC, id DESC LIMIT {window:UInt64}');
    expect(page.params).toMatchObject({ offset: 0, limit: 20 });
    expect(rows.map((row) => (row as { log_id: number }).log_id)).toEqual(numbered(0, 20).map(({ log_id }) => log_id));
    const lastShort = await selectsOf({ ...FIRST_PAGE, page_size: 30, page: 33_334 }, { total, pages: () => numbered(0, 10) });
    // 33,333 pages of 30 hold 999,990 logs: the last page is the 10 after them.
    expect(lastShort.sent[1].params).toMatchObject({ offset: 0, limit: 10 });
    const descending = await selectsOf({ ...FIRST_PAGE, sort: '-created_at', page: 49_000 }, { total, pages: () => numbered(0, 20) });
    expect(descending.sent[1].sql).toContain('ORDER BY event_time ASC, id ASC LIMIT {window:UInt64}');
    expect(descending.sent[1].params).toMatchObject({ offset: 1_000_000 - 48_999 * 20 - 20, limit: 20 });
  });

  it('in the middle, starts at the hour holding its first log, found by counting the logs of each hour as the total is, in one statement', async () => {
    const { sent, total: answered } = await selectsOf({ ...FIRST_PAGE, page: 25_001 }, { total, pages: () => numbered(0, 20) });
    const [located, page] = sent;
    expect(sent).toHaveLength(2);
    expect(located.sql).toContain("FROM (SELECT k0 AS hour, sum(events) AS logs FROM (SELECT toStartOfHour(event_time) AS k0, toInt64(count()) AS events FROM events FINAL WHERE project = {project:String} AND source = 'log-service' GROUP BY k0) GROUP BY hour)");
    expect(located.sql).toContain('sum(logs) OVER (ORDER BY hour ASC) - logs AS logs_before, logs, logs_before + logs > {hour_offset:UInt64} AS reached');
    expect(located.sql).toContain('SELECT countIf(reached) > 0 AS found, argMinIf(hour, hour, reached) AS bound, argMinIf(logs_before, hour, reached) AS logs_before, sum(logs) AS logs FROM');
    expect(located.params).toMatchObject({ hour_offset: 500_000 });
    expect(page.sql).toContain("AND event_time >= {hour_bound:DateTime64(3, 'UTC')} ORDER BY event_time ASC, id ASC LIMIT {window:UInt64}");
    expect(page.params).toMatchObject({ hour_bound: '2025-02-14 09:00:00', offset: 10, limit: 20 });
    expect(answered).toBe(total);

    const descending = await selectsOf({ ...FIRST_PAGE, sort: '-created_at', page: 25_001, customer_id: 1 }, { total, pages: () => numbered(0, 20) });
    const [byCustomer, pageDown] = descending.sent;
    expect(byCustomer.sql).toContain('argMaxIf(hour + INTERVAL 1 HOUR, hour, reached) AS bound, argMaxIf(logs_before, hour, reached) AS logs_before');
    expect(byCustomer.sql).toContain('uniqExact(id) AS events FROM events WHERE');
    expect(byCustomer.sql).toContain('sum(logs) OVER (ORDER BY hour DESC)');
    expect(pageDown.sql).toContain("AND event_time < {hour_bound:DateTime64(3, 'UTC')} ORDER BY event_time DESC, id DESC");
  });

  it('counts the hours of the compacted parts by their rows', async () => {
    const { sent } = await selectsOf({ ...FIRST_PAGE, page: 25_001 }, { total, compacted: COMPACTED, pages: () => numbered(0, 20) });
    expect(sent[0].sql).toContain("SELECT toStartOfHour(event_time) AS k0, toInt64(count()) AS events FROM events WHERE project = {project:String} AND source = 'log-service' AND _part IN {p0:Array(String)} GROUP BY k0");
    expect(sent[0].params).toMatchObject({ p0: COMPACTED.compactedEvents, p1: COMPACTED.compactedPartitions, hour_offset: 500_000 });
  });

  it("is deep from 10,000 logs in, or a twentieth of the selection's logs when that is more", async () => {
    const path = async (logs: number, page: number) => {
      const { sent } = await selectsOf({ ...FIRST_PAGE, page }, { total: logs, located: { found: 1, bound: '2025-02-14 09:00:00', logs_before: '0' }, pages: () => numbered(0, 20) });
      const kind = ({ sql, params }: Sent) =>
        sql.includes(' AS found, ') ? 'located' : sql.includes(' AS logs FROM ') ? 'count' : sql.includes('ORDER BY event_time DESC') ? 'backwards' : params.hour_bound ? 'from its hour' : 'in order';
      return sent.map(kind);
    };
    expect(await path(1_000_000, 501)).toEqual(['count', 'in order']);
    expect(await path(1_000_000, 2_000)).toEqual(['located', 'in order']);
    expect(await path(1_000_000, 2_600)).toEqual(['located', 'from its hour']);
    expect(await path(200_000, 600)).toEqual(['located', 'from its hour']);
    expect(await path(200_000, 9_600)).toEqual(['located', 'backwards']);
  });

  it('answers nothing rather than a page from elsewhere when no hour holds its first log', async () => {
    const { sent, rows } = await selectsOf({ ...FIRST_PAGE, page: 25_001 }, { total, located: { found: 0, bound: '1970-01-01 00:00:00', logs_before: '0' }, pages: () => numbered(0, 20) });
    expect(sent).toHaveLength(1);
    expect(rows).toEqual([]);
  });
});
