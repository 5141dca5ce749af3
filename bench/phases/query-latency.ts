import { clickHouseClient, countRows } from '../support/clickhouse';
import { RunningApp, startApp } from '../support/platform';
import { percentile } from '../report/percentiles';
import { formatCount } from '../report/format-count';
import { BenchContext } from './bench-context';
import { FILL_DAYS, FILL_START, fillEvents } from './fill-events';

const GROUP_BYS = [undefined, 'channel', 'daily', 'hourly'] as const;
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
 * without a time range, one request at a time, at each stored size. A query app of its own, on a
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
      for (const range of [false, true]) {
        for (const groupBy of GROUP_BYS) await measureCase(context, query, stored, groupBy, range);
      }
    }
    return query;
  } catch (error) {
    await query.process.stop();
    throw error;
  } finally {
    await client.close();
  }
}

async function measureCase(context: BenchContext, query: RunningApp, stored: number, groupBy: (typeof GROUP_BYS)[number], range: boolean): Promise<void> {
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
    id: `query.${formatCount(stored)}.${groupBy ?? 'none'}.${range ? 'week' : 'all'}`,
    label: `query at ${formatCount(stored)} events: group_by=${groupBy ?? '(none)'}, ${range ? 'one week' : 'no time range'}`,
    value: p95,
    unit: 'ms (p95)',
    p50Ms: percentile(timings, 50),
    p95Ms: p95,
    note: `${EVENT_NAME} total_count ${totalCount.toLocaleString('en-US')}`,
  });
}
