import { formatNumber, ResultRow, ResultsTable } from './results-table';

interface Target {
  what: string;
  measured: number;
  goal: number;
  unit: string;
  /** Higher is better (a rate), or lower is better (a latency, a size). */
  better: 'higher' | 'lower';
}

/** The read rows besides /events/metrics and the default listing: the seeds' reads, /events/stats, /events/list by received_at. */
const OTHER_READS = /^(seed001|seed002|seed004|stats)\.|^list\.[^.]+\.received-/;

/** Issue 5's and issue 11's targets against this run's rows: measured, goal, ratio, met or missed. */
export function printTargets(table: ResultsTable, references: { minimalHttpKafka: number }): void {
  const row = (id: string): ResultRow => {
    const found = table.rows.find((r) => r.id === id);
    if (!found) throw new Error(`no row ${id} in the results`);
    return found;
  };
  const rows = (prefix: string) => table.rows.filter((r) => r.id.startsWith(prefix));
  const ndjson = row('ingest.ndjson-batch.saturation').value;
  const singleUnder20 = rows('ingest.single.c').filter((r) => (r.p99Ms ?? Infinity) < 20);
  // The target is set at 10M events; a small run has only smaller tables, a 100M run a larger one too.
  const queried = rows('query.10M.').length > 0 ? '10M' : rows('query.').at(-1)?.id.split('.')[1];
  // In the steady state: the writer compacts each quiet partition (the .fresh rows are before).
  const queries = rows(`query.${queried}.`).filter((r) => !r.id.endsWith('.fresh'));
  const listings = [row(`list.${queried}.first`), row(`list.${queried}.deep`)];
  // Issue 11: every other read, each beside its own goal (p95 < 100 ms at 10M).
  const otherReads = table.rows.filter((r) => r.id.split('.')[1] === queried && OTHER_READS.test(r.id));
  const writer = row('writer.throughput').value;

  const targets: Target[] = [
    { what: 'NDJSON batches of 30 through the gateway', measured: ndjson, goal: 100_000, unit: 'events/s', better: 'higher' },
    { what: 'NDJSON gateway / best node:http+kafkajs reference', measured: (ndjson / references.minimalHttpKafka) * 100, goal: 60, unit: '%', better: 'higher' },
    {
      what: 'single events at p99 < 20 ms (best such step)',
      measured: Math.max(0, ...singleUnder20.map((r) => r.value)),
      goal: 10_000,
      unit: 'req/s',
      better: 'higher',
    },
    { what: 'seed 003: p99 at 200 req/s × 30, writer inserting', measured: row('seed003').p99Ms ?? NaN, goal: 50, unit: 'ms', better: 'lower' },
    { what: 'writer', measured: writer, goal: 200_000, unit: 'rows/s', better: 'higher' },
    { what: 'writer / direct insert', measured: row('writer.ratio-to-direct').value, goal: 70, unit: '%', better: 'higher' },
    { what: 'freshness p99', measured: row('freshness').p99Ms ?? NaN, goal: 2000, unit: 'ms', better: 'lower' },
    { what: 'freshness p99 while dashboards poll', measured: row('freshness.dashboards').p99Ms ?? NaN, goal: 2000, unit: 'ms', better: 'lower' },
    { what: `/events/metrics p95 at ${queried} events, worst case`, measured: Math.max(...queries.map((r) => r.p95Ms ?? NaN)), goal: 100, unit: 'ms', better: 'lower' },
    { what: `/events/list p95 at ${queried} events, default sort, first or deep page`, measured: Math.max(...listings.map((r) => r.p95Ms ?? NaN)), goal: 100, unit: 'ms', better: 'lower' },
    ...otherReads.map((r): Target => ({ what: `p95 of ${r.label}`, measured: r.p95Ms ?? NaN, goal: 100, unit: 'ms', better: 'lower' })),
    { what: 'gateway peak RSS', measured: row('rss.gateway').value, goal: 256, unit: 'MB', better: 'lower' },
    { what: 'writer peak RSS', measured: row('rss.writer').value, goal: 512, unit: 'MB', better: 'lower' },
  ];
  console.log('\nTargets of issues 5 and 11 (ratio = measured / goal, inverted for "lower is better" so that ≥ 1 means met):');
  for (const t of targets) {
    const ratio = t.better === 'higher' ? t.measured / t.goal : t.goal / t.measured;
    const sign = t.better === 'higher' ? '≥' : '≤';
    console.log(`  ${ratio >= 1 ? 'met   ' : 'MISSED'} ${t.what}: ${formatNumber(t.measured)} ${t.unit} (goal ${sign} ${formatNumber(t.goal)}), ratio ${ratio.toFixed(2)}`);
  }
}
