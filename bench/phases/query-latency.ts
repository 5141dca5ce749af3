import { clickHouseClient, compactEvents, countRows, LARGE_TABLE_REQUEST_TIMEOUT_MS } from '../support/clickhouse';
import { RunningApp, startApp } from '../support/platform';
import { formatCount } from '../report/format-count';
import { BenchContext } from './bench-context';
import { fillEvents } from './fill-events';
import { listingReads } from './reads/listing-reads';
import { metricsReads, seed001Read } from './reads/metrics-reads';
import { logReads, siteStatsRead } from './reads/seed-reads';
import { statsReads } from './reads/stats-reads';
import { timeRead, TimedRead } from './reads/timed-read';

export const QUERY_BENCH_DATABASE = 'bench_query';
const LARGE_TABLE = 100_000_000;
const QUERIES_ON_LARGE_TABLE = 5;

/**
 * p50/p95 of every read the query app serves, one request at a time, at each stored size:
 * GET /events/metrics (seed 000) and /metrics (seed 001), /api/read (seed 002), /stats (seed 004),
 * /events/stats and /events/list. A query app of its own, on a database of its own, creates the
 * table through its migrations; the table is then filled up to each size straight in ClickHouse
 * (INSERT … SELECT over numbers()). Returns that query app, still running.
 */
export async function measureQueryLatency(context: BenchContext): Promise<RunningApp> {
  const query = await startApp({ ...context.settings, database: QUERY_BENCH_DATABASE }, 'query');
  const client = clickHouseClient(context.settings.clickhouseUrl, QUERY_BENCH_DATABASE, LARGE_TABLE_REQUEST_TIMEOUT_MS);
  try {
    for (const stored of context.size.queryStoredEvents) {
      // At 100M an unbounded exact read takes seconds: fewer requests keep the run within an hour (p95 is then the worst of them).
      const sized: BenchContext = stored >= LARGE_TABLE ? { ...context, size: { ...context.size, queriesPerCase: QUERIES_ON_LARGE_TABLE } } : context;
      const time = async (reads: TimedRead[]) => {
        for (const read of reads) await timeRead(sized, query, read);
      };
      const present = await countRows(client, 'events');
      const fillStarted = performance.now();
      if (stored > present) await fillEvents(client, present, stored - present);
      const fillSeconds = (performance.now() - fillStarted) / 1000;
      console.log(`  filled to ${formatCount(stored)} events in ${fillSeconds.toFixed(1)} s`);
      // Fresh inserts: several parts per partition, which every exact read merges (FINAL) until
      // the writer's compaction has merged each quiet partition; the steady state comes after.
      await time(metricsReads(stored, 'fresh'));
      console.log(`  compacted every partition in ${(await compactEvents(context.settings.clickhouseUrl, QUERY_BENCH_DATABASE)).toFixed(1)} s`);
      await time(metricsReads(stored, 'compacted'));
      await time(await listingReads(query, stored));
      await time([seed001Read(stored), ...(await logReads(query, stored)), siteStatsRead(stored), ...statsReads(stored)]);
    }
    return query;
  } catch (error) {
    await query.process.stop();
    throw error;
  } finally {
    await client.close();
  }
}
