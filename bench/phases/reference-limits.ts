import { join } from 'node:path';
import { sampleMessageValue } from '../load/event-bodies';
import { runLoad } from '../load/http-load';
import { runProducerPerformance } from '../reference/producer-performance';
import { ManagedProcess } from '../support/child-process';
import { freePort } from '../support/free-port';
import { waitFor } from '../support/wait-for';
import { BenchContext, Saturation } from './bench-context';
import { BATCH_EVENTS } from './gateway-ingest';
import type { ReferenceMode } from '../reference/kafka-http-server';
import type { NestAdapterName } from '../reference/nest-adapter-server';

const PARTITIONS = 4;

/** Kafka's own producer tool with the gateway's message size, on as many partitions as the events topic. */
export async function measureProducerPerformance(context: BenchContext): Promise<number> {
  const topic = 'bench.producer-performance';
  await context.admin.createTopic(topic, PARTITIONS);
  const recordBytes = Buffer.byteLength(sampleMessageValue());
  const records = context.size.producerPerformanceRecords;
  const result = await runProducerPerformance({
    repoRoot: context.settings.repoRoot,
    logDir: context.settings.logDir,
    brokers: context.settings.kafkaBrokers,
    topic,
    records,
    recordBytes,
    timeoutMs: 120_000 + records / 10,
  });
  context.table.add({
    id: 'reference.producer-performance',
    label: `reference: Kafka ProducerPerformance, ${recordBytes} B records, acks=all, ${PARTITIONS} partitions`,
    value: result.recordsPerSecond,
    unit: 'records/s',
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    note: `${records.toLocaleString('en-US')} records`,
  });
  return result.recordsPerSecond;
}

const MODE_LABELS: Record<ReferenceMode, string> = {
  'per-request': 'one send per request',
  grouped: 'grouped sends',
  'grouped-gzip': 'grouped sends, GZIP',
};

/**
 * The least a gateway must do, as its reference: node:http, JSON.parse of each NDJSON line,
 * kafkajs with acks from all in-sync replicas; driven exactly as the gateway's NDJSON saturation step was.
 */
export async function measureMinimalHttpKafka(context: BenchContext, ndjson: Saturation): Promise<Record<ReferenceMode, number>> {
  const topic = 'bench.reference';
  await context.admin.createTopic(topic, PARTITIONS);
  const rates: Record<ReferenceMode, number> = { 'per-request': 0, grouped: 0, 'grouped-gzip': 0 };
  for (const mode of Object.keys(MODE_LABELS) as ReferenceMode[]) {
    const port = await freePort();
    const server = await new ManagedProcess({
      name: `reference-${mode}`,
      command: process.execPath,
      args: [join(__dirname, '../reference/kafka-http-server.js'), String(port), context.settings.kafkaBrokers, topic, mode],
      logDir: context.settings.logDir,
    }).start();
    try {
      const baseUrl = `http://127.0.0.1:${port}`;
      await waitFor(`the node:http+kafkajs reference (${mode}) to listen on ${baseUrl}`, () => fetch(baseUrl, { method: 'HEAD' }).then(() => true), 30_000);
      const result = await runLoad({ baseUrl, body: 'ndjson-batch', eventsPerRequest: BATCH_EVENTS, connections: ndjson.connections, durationSeconds: context.size.stepSeconds });
      rates[mode] = result.eventsPerSecond;
      context.table.add({
        id: `reference.node-http-kafkajs.${mode}`,
        label: `reference: node:http + JSON.parse + kafkajs, ${MODE_LABELS[mode]}, NDJSON of ${BATCH_EVENTS}, c=${ndjson.connections}`,
        value: result.eventsPerSecond,
        unit: 'events/s',
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        note: `${Math.round(result.requestsPerSecond).toLocaleString('en-US')} req/s${result.non2xx + result.errors > 0 ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
      });
    } finally {
      await server.stop();
    }
  }
  return rates;
}

/**
 * Nest on Fastify against Nest on Express, the framework alone (bench/reference/nest-adapter-server.ts):
 * single events, driven like the gateway's single-event saturation step.
 */
export async function measureNestAdapters(context: BenchContext, single: Saturation): Promise<void> {
  for (const adapter of ['fastify', 'express'] as NestAdapterName[]) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const server = await new ManagedProcess({
      name: `reference-nest-${adapter}`,
      command: process.execPath,
      args: [join(__dirname, '../reference/nest-adapter-server.js'), String(port), adapter],
      readyUrl: `${baseUrl}/ready`,
      logDir: context.settings.logDir,
    }).start(30_000);
    try {
      const result = await runLoad({ baseUrl, body: 'single', eventsPerRequest: 1, connections: single.connections, durationSeconds: context.size.stepSeconds });
      context.table.add({
        id: `reference.nest-${adapter}`,
        label: `reference: Nest on ${adapter === 'fastify' ? 'Fastify' : 'Express'}, JSON body in, 202 out, nothing else, single, c=${single.connections}`,
        value: result.requestsPerSecond,
        unit: 'req/s',
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        note: result.non2xx + result.errors > 0 ? `${result.non2xx} non-2xx, ${result.errors} errors` : '',
      });
    } finally {
      await server.stop();
    }
  }
}
