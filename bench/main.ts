import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { benchSize } from './bench-size';
import { BenchContext } from './phases/bench-context';
import { measureFreshness } from './phases/freshness';
import { measureGatewayIngest } from './phases/gateway-ingest';
import { measureGeneratorCeiling } from './phases/generator-ceiling';
import { reportPeakMemory } from './phases/peak-memory';
import { measureDedupCost } from './phases/dedup-cost';
import { measureQueryLatency, QUERY_BENCH_DATABASE } from './phases/query-latency';
import { measureMinimalHttpKafka, measureNestAdapters, measureProducerPerformance } from './phases/reference-limits';
import { measureSeed003 } from './phases/seed-003';
import { measureWriterThroughput } from './phases/writer-throughput';
import { measureDirectInsert } from './reference/direct-insert';
import { formatCount } from './report/format-count';
import { printTargets } from './report/targets';
import { ResultsTable } from './report/results-table';
import { killAllNow } from './support/child-process';
import { clickHouseClient } from './support/clickhouse';
import { freePorts } from './support/free-port';
import { KafkaAdmin } from './support/kafka-admin';
import { KafkaBroker } from './support/kafka-broker';
import { assertBuilt, launchEmbeddedClickHouse, PlatformSettings, RunningApp, startApp } from './support/platform';

const REPO_ROOT = resolve(__dirname, '../..');
/** Dashboards open at once in phase 6b, each polling as fast as it is answered. */
const DASHBOARD_CLIENTS = 4;

/**
 * `npm run bench`: starts a platform of its own (Kafka, embedded ClickHouse, gateway, query,
 * later the writer) on free ports and temporary directories, measures every row of issue 5 from
 * load-generator processes of its own, prints one table, and stops everything it started.
 * BENCH_SIZE=small|full; BENCH_RESULTS_FILE=<path> also writes the rows as JSON;
 * BENCH_CPU_PROFILE_DIR=<dir> runs the gateway and the writer under --cpu-prof.
 */
async function main(): Promise<void> {
  const size = benchSize(process.env);
  assertBuilt(REPO_ROOT);
  const workDir = mkdtempSync(join(tmpdir(), 'tributary-bench-'));
  const logDir = join(workDir, 'logs');
  mkdirSync(logDir);
  console.log(`tributary bench (${size.name}): ${cpus().length} cores ${cpus()[0]?.model ?? ''}, ${gb(totalmem())} GB (${gb(freemem())} free), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`work dir ${workDir}`);

  let kafka: KafkaBroker | undefined;
  const apps: RunningApp[] = [];
  let admin: KafkaAdmin | undefined;
  let failed = false;
  const dataDirs = [join(workDir, 'kafka', 'data'), join(workDir, 'clickhouse')];
  const abort = () => {
    killAllNow();
    kafka?.killNow();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', abort);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

  try {
    const [kafkaPort, controllerPort] = await freePorts(2);
    const [broker, clickhouse] = await Promise.all([
      KafkaBroker.start(REPO_ROOT, join(workDir, 'kafka'), kafkaPort, controllerPort),
      launchEmbeddedClickHouse({ repoRoot: REPO_ROOT, logDir }, join(workDir, 'clickhouse')),
    ]);
    kafka = broker;
    apps.push(clickhouse);
    const settings: PlatformSettings = {
      repoRoot: REPO_ROOT,
      logDir,
      kafkaBrokers: broker.brokers,
      clickhouseUrl: clickhouse.url,
      topic: 'bench.events',
      database: 'bench',
      nodeFlags: process.env.BENCH_CPU_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`, '-r', join(__dirname, 'support/exit-on-sigterm.js')]
        : [],
    };
    const query = await startApp(settings, 'query');
    const gateway = await startApp(settings, 'gateway');
    apps.push(query, gateway);
    admin = await KafkaAdmin.connect(broker.brokers);
    const context: BenchContext = { size, settings, admin, table: new ResultsTable(), gateway, query };

    const step = (name: string) => console.log(`\n${name} (load average ${loadavg()[0].toFixed(2)})`);
    step('1. load generator ceiling');
    await measureGeneratorCeiling(context);
    step('2. gateway ingest, growing concurrency');
    const saturation = await measureGatewayIngest(context);
    step('3. reference limits');
    await measureProducerPerformance(context);
    const minimal = await measureMinimalHttpKafka(context, saturation['ndjson-batch']);
    await measureNestAdapters(context, saturation.single);
    step('4. writer throughput and the direct insert');
    const writerRun = await measureWriterThroughput(context);
    if (!context.writer) throw new Error('the writer phase did not leave a writer running');
    apps.push(context.writer);
    const client = clickHouseClient(clickhouse.url, settings.database);
    await measureDirectInsert(context, client, writerRun).finally(() => client.close());
    step('5. freshness at half the saturation load, seed 003 while the writer inserts');
    await measureFreshness(context, saturation['ndjson-batch']);
    await measureSeed003(context);
    step('6. query latency');
    const queryBench = await measureQueryLatency(context);
    apps.push(queryBench);
    step('6b. freshness while dashboards poll the largest table');
    const largest = formatCount(size.queryStoredEvents.at(-1) ?? 0);
    await measureFreshness(context, saturation['ndjson-batch'], {
      label: `GET /events/metrics?group_by=daily at ${largest} events`,
      url: `${queryBench.url}/events/metrics?event_name=page_view&group_by=daily`,
      clients: DASHBOARD_CLIENTS,
    });
    step('7. what exactness costs');
    await measureDedupCost(context, QUERY_BENCH_DATABASE);
    step('8. peak memory');
    reportPeakMemory(context, {
      gateway: [gateway.process.pid],
      writer: [context.writer.process.pid],
      query: [query.process.pid, queryBench.process.pid],
      clickhouse: [clickhouse.process.pid],
      kafka: [broker.pid],
    });

    console.log(`\nTributary bench, ${size.name} run, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
    console.log(context.table.render());
    printTargets(context.table, { minimalHttpKafka: Math.max(...Object.values(minimal)) });
    if (process.env.BENCH_RESULTS_FILE) writeFileSync(process.env.BENCH_RESULTS_FILE, JSON.stringify(context.table.rows, null, 2));
  } catch (error) {
    failed = true;
    console.error(`\nbench failed: ${(error as Error).stack ?? String(error)}`);
    console.error(`logs kept in ${logDir}`);
  } finally {
    await admin?.disconnect().catch(() => undefined);
    for (const app of apps.reverse()) await app.process.stop();
    await kafka?.stop(REPO_ROOT).catch((error: Error) => console.error(error.message));
    // After a failure the logs stay for the reader; the data directories can be gigabytes.
    for (const dir of failed ? dataDirs : [workDir]) rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

function gb(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(1);
}

void main();
