import { clickHouseClient, compactEvents, countRows } from '../support/clickhouse';
import { RunningApp, startApp } from '../support/platform';
import { percentile } from '../report/percentiles';
import { formatCount } from '../report/format-count';
import { BenchContext } from './bench-context';
import { FILL_DAYS, FILL_START, fillEvents } from './fill-events';

const GROUP_BYS = [undefined, 'channel', 'daily', 'hourly'] as const;
/** GET /events/list: a page of 100, the first and one 5,000 pages deep (or half the table, when it is smaller). */
const LIST_LIMIT = 100;
const LIST_DEEP_PAGE = 5_000;
/** The walk to the deep page follows next_cursor in pages of the largest limit. */
const LIST_WALK_LIMIT = 1_000;
const EVENT_NAME = 'page_view';
const DAY_MS = 86_400_000;
/** A week in the middle of the filled days. */
const RANGE = {
  from: new Date(FILL_START.getTime() + (FILL_DAYS / 2) * DAY_MS).toISOString(),
  to: new Date(FILL_START.getTime() + (FILL_DAYS / 2 + 7) * DAY_MS - 1000).toISOString(),
};

export const QUERY_BENCH_DATABASE = 'bench_query';

/**
 * p50/p95 of GET /events/metrics for the most frequent event name, each group_by, with and
 * without a time range, and of GET /events/list's first page and a deep one, one request at a
 * time, at each stored size. A query app of its own, on a
 * database of its own, creates the table through its migrations; the table is then filled up to
 * each size straight in ClickHouse (INSERT … SELECT over numbers()). Returns that query app, still running.
 */
export async function measureQueryLatency(context: BenchContext): Promise<RunningApp> {
  const query = await startApp({ ...context.settings, database: QUERY_BENCH_DATABASE }, 'query');
  const client = clickHouseClient(context.settings.clickhouseUrl, QUERY_BENCH_DATABASE);
  try {
    for (const stored of context.size.queryStoredEvents) {
      const present = await countRows(client, 'events');
      const fillStarted = performance.now();
      if (stored > present) await fillEvents(client, present, stored - present);
      const fillSeconds = (performance.now() - fillStarted) / 1000;
      console.log(`  filled to ${formatCount(stored)} events in ${fillSeconds.toFixed(1)} s`);
      // Fresh inserts: several parts per partition, which every exact read merges (FINAL) until
      // the writer's compaction has merged each quiet partition; the steady state comes after.
      for (const groupBy of GROUP_BYS) await measureCase(context, query, stored, groupBy, false, 'fresh');
      console.log(`  compacted every partition in ${(await compactEvents(client)).toFixed(1)} s`);
      for (const range of [false, true]) {
        for (const groupBy of GROUP_BYS) await measureCase(context, query, stored, groupBy, range);
      }
      await measureListing(context, query, stored);
    }
    return query;
  } catch (error) {
    await query.process.stop();
    throw error;
  } finally {
    await client.close();
  }
}

async function measureCase(context: BenchContext, query: RunningApp, stored: number, groupBy: (typeof GROUP_BYS)[number], range: boolean, state?: 'fresh'): Promise<void> {
  const params = new URLSearchParams({ event_name: EVENT_NAME, ...(groupBy && { group_by: groupBy }), ...(range && RANGE) });
  const url = `${query.url}/events/metrics?${params}`;
  const timings: number[] = [];
  let totalCount = 0;
  // The first request of a kind is not counted: it warms the engine's caches as production traffic would.
  for (let i = 0; i <= context.size.queriesPerCase; i++) {
    const started = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as { total_count: number };
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(body)}`);
    if (i > 0) timings.push(performance.now() - started);
    totalCount = body.total_count;
  }
  const p95 = percentile(timings, 95);
  context.table.add({
    id: `query.${formatCount(stored)}.${groupBy ?? 'none'}.${range ? 'week' : 'all'}${state ? `.${state}` : ''}`,
    label: `query at ${formatCount(stored)} events: group_by=${groupBy ?? '(none)'}, ${range ? 'one week' : 'no time range'}${state ? ', fresh inserts (not compacted)' : ''}`,
    value: p95,
    unit: 'ms (p95)',
    p50Ms: percentile(timings, 50),
    p95Ms: p95,
    note: `${EVENT_NAME} total_count ${totalCount.toLocaleString('en-US')}`,
  });
}

/**
 * GET /events/list (every event, newest first, 100 a page): the first page, then the page
 * LIST_DEEP_PAGE deep, reached as a client reaches it, by following next_cursor (in pages of
 * LIST_WALK_LIMIT, the cursor being only a position). Keyset pages: the deep one should cost no more.
 */
async function measureListing(context: BenchContext, query: RunningApp, stored: number): Promise<void> {
  const first = `${query.url}/events/list?limit=${LIST_LIMIT}`;
  const depth = Math.min(LIST_DEEP_PAGE - 1, Math.floor(stored / LIST_LIMIT / 2)) * LIST_LIMIT;
  let cursor: string | null = null;
  for (let walked = 0; walked < depth; walked += LIST_WALK_LIMIT) {
    const url: string = `${query.url}/events/list?limit=${Math.min(LIST_WALK_LIMIT, depth - walked)}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await fetch(url);
    const body = (await response.json()) as { next_cursor: string | null };
    if (!response.ok || !body.next_cursor) throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    cursor = body.next_cursor;
  }
  const pages: Array<[string, string, string, string]> = [
    ['first', 'first page', first, 'no cursor'],
    ['deep', `page ${(depth / LIST_LIMIT + 1).toLocaleString('en-US')}`, `${first}&cursor=${cursor}`, `${depth.toLocaleString('en-US')} events in, reached by next_cursor`],
  ];
  for (const [id, page, url, note] of pages) {
    const timings: number[] = [];
    for (let i = 0; i <= context.size.queriesPerCase; i++) {
      const started = performance.now();
      const response = await fetch(url);
      const body = (await response.json()) as { events: unknown[] };
      if (!response.ok || body.events.length !== LIST_LIMIT) throw new Error(`GET ${url} answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
      if (i > 0) timings.push(performance.now() - started);
    }
    const p95 = percentile(timings, 95);
    context.table.add({
      id: `list.${formatCount(stored)}.${id}`,
      label: `listing at ${formatCount(stored)} events: ${page} of ${LIST_LIMIT}, newest first`,
      value: p95,
      unit: 'ms (p95)',
      p50Ms: percentile(timings, 50),
      p95Ms: p95,
      note,
    });
  }
}
