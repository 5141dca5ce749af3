import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The benchmark suite's small run, so that it cannot rot: it must run to the end and print every
 * row with numbers. It asserts no speed: this machine is shared and the figures are not the point here.
 */
interface Row {
  id: string;
  value: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
}

const REPO_ROOT = resolve(__dirname, '../..');
const RUN_TIMEOUT_MS = 240_000;
const FIXED_ROWS = [
  'ceiling.single',
  'ceiling.ndjson-batch',
  'ingest.single.saturation',
  'ingest.json-batch.saturation',
  'ingest.ndjson-batch.saturation',
  'reference.producer-performance',
  'reference.node-http-kafkajs.per-request',
  'reference.node-http-kafkajs.grouped',
  'reference.node-http-kafkajs.grouped-gzip',
  'reference.nest-fastify',
  'reference.nest-express',
  'writer.throughput',
  'reference.clickhouse-direct-insert',
  'reference.clickhouse-direct-insert-large',
  'reference.clickhouse-direct-insert-objects',
  'writer.ratio-to-direct',
  'freshness',
  'freshness.dashboards',
  'dashboards.read',
  'seed003',
  'rss.gateway',
  'rss.writer',
  'rss.query',
  'rss.clickhouse',
  'rss.kafka',
];
const LATENCY_ROWS = /^(ceiling|ingest|reference\.(producer|node)|freshness|seed003)/;
/** The query app's reads, timed at each stored size (p50 and p95). */
const READ_ROWS = /^(query|list|seed001|seed002|seed004|stats)\./;
/** Per stored size: 8 metrics cases compacted, the 4 unbounded ones also fresh (before compaction); the first and a deep page of 3 listing orders; the seeds' reads; 5 of /events/stats. */
const READS_PER_SIZE = { 'query.': 12, 'list.': 6, 'seed001.': 1, 'seed002.': 9, 'seed004.': 1, 'stats.': 5 };
const STORED_SIZES = 2;

function runSmallBench(resultsFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist/bench/main.js')], {
      env: { ...process.env, BENCH_SIZE: 'small', BENCH_RESULTS_FILE: resultsFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    // SIGTERM lets the bench stop the platform it started.
    const deadline = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
    child.once('error', fail);
    child.once('close', (code) => {
      clearTimeout(deadline);
      done({ code, output: Buffer.concat(chunks).toString() });
    });
  });
}

describe('npm run bench (BENCH_SIZE=small)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'tributary-bench-smoke-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('runs every measurement and prints each row with numeric figures', async () => {
    const build = spawnSync('npx', ['tsc', '-p', 'bench/tsconfig.json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.status).toBe(0);

    const resultsFile = join(workDir, 'results.json');
    const { code, output } = await runSmallBench(resultsFile);
    if (code !== 0) throw new Error(`the small bench exited with ${code}:\n${output.slice(-5000)}`);

    const rows = JSON.parse(readFileSync(resultsFile, 'utf8')) as Row[];
    const ids = rows.map((row) => row.id);
    expect(ids).toEqual(expect.arrayContaining(FIXED_ROWS));
    for (const [prefix, perSize] of Object.entries(READS_PER_SIZE)) {
      expect({ prefix, rows: ids.filter((id) => id.startsWith(prefix)).length }).toEqual({ prefix, rows: STORED_SIZES * perSize });
    }
    expect(ids.filter((id) => id.startsWith('dedup.'))).toHaveLength(7);
    for (const row of rows) {
      expect({ id: row.id, value: Number.isFinite(row.value) }).toEqual({ id: row.id, value: true });
      if (LATENCY_ROWS.test(row.id)) expect({ id: row.id, p50: Number.isFinite(row.p50Ms), p99: Number.isFinite(row.p99Ms) }).toEqual({ id: row.id, p50: true, p99: true });
      if (READ_ROWS.test(row.id) || row.id === 'dashboards.read') expect({ id: row.id, p50: Number.isFinite(row.p50Ms), p95: Number.isFinite(row.p95Ms) }).toEqual({ id: row.id, p50: true, p95: true });
      expect(output).toContain(`| ${row.id} `);
    }
  }, RUN_TIMEOUT_MS + 60_000);
});
