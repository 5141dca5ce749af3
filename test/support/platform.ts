import { ClickHouseSettings, createClient } from '@clickhouse/client';
import { INestApplication } from '@nestjs/common';
import { Env, ManagementServer } from '@tributary/platform';
import { randomBytes } from 'node:crypto';
import { startGateway } from '../../apps/gateway/src/bootstrap';
import { startQuery } from '../../apps/query/src/bootstrap';
import { startWriter } from '../../apps/writer/src/bootstrap';
import { waitForWriterCaughtUp } from './kafka-probe';
import { requiredTestEnv, TEST_ENV } from './test-env';
import { waitFor } from './wait-for';

export interface TestPlatform {
  env: Env;
  gatewayUrl: string;
  queryUrl: string;
  /** The writer serves no API: only /health and /ready here. */
  writerUrl: string;
  /** Each app's management server: GET /metrics, /health and /ready. */
  managementUrls: { gateway: string; query: string; writer: string };
  stop(): Promise<void>;
}

/**
 * The three apps, booted as `npm start` boots them, on the run's real Kafka broker and embedded
 * ClickHouse, with a topic, consumer group and database of their own.
 */
export async function startPlatform(overrides: Env = {}): Promise<TestPlatform> {
  const env = isolatedEnv(overrides);
  const apps: INestApplication[] = [];
  const stop = async () => {
    for (const app of apps.reverse()) await app.close();
  };
  try {
    const writer = await startWriter(env);
    apps.push(writer);
    const gateway = await startGateway(env);
    apps.push(gateway);
    const query = await startQuery(env);
    apps.push(query);
    const managementUrls = { gateway: await managementUrlOf(gateway), query: await managementUrlOf(query), writer: await managementUrlOf(writer) };
    return { env, gatewayUrl: await urlOf(gateway), queryUrl: await urlOf(query), writerUrl: await urlOf(writer), managementUrls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function isolatedEnv(overrides: Env = {}): Env {
  const suffix = randomBytes(4).toString('hex');
  return {
    KAFKA_BROKERS: requiredTestEnv(TEST_ENV.kafkaBrokers),
    KAFKA_TOPIC: `test.events.${suffix}`,
    KAFKA_TOPIC_PARTITIONS: '2',
    CLICKHOUSE_URL: requiredTestEnv(TEST_ENV.clickhouseUrl),
    CLICKHOUSE_DATABASE: `test_${suffix}`,
    WRITER_GROUP_ID: `test-writer-${suffix}`,
    WRITER_BATCH_MIN_BYTES: '1',
    WRITER_BATCH_MAX_WAIT_MS: '100',
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    GATEWAY_MANAGEMENT_HOST: '127.0.0.1',
    GATEWAY_MANAGEMENT_PORT: '0',
    GATEWAY_PUBLISH_TIMEOUT_MS: '5000',
    QUERY_HOST: '127.0.0.1',
    QUERY_PORT: '0',
    QUERY_MANAGEMENT_HOST: '127.0.0.1',
    QUERY_MANAGEMENT_PORT: '0',
    WRITER_HOST: '127.0.0.1',
    WRITER_PORT: '0',
    WRITER_MANAGEMENT_HOST: '127.0.0.1',
    WRITER_MANAGEMENT_PORT: '0',
    LOG_LEVEL: 'warn',
    ...overrides,
  };
}

export async function urlOf(app: INestApplication): Promise<string> {
  return loopback(await app.getUrl());
}

/** Where the app's management server listens: GET /metrics, /health and /ready. */
export async function managementUrlOf(app: INestApplication): Promise<string> {
  return loopback(await app.get(ManagementServer).getUrl());
}

const loopback = (url: string): string => url.replace('[::1]', '127.0.0.1');

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function send<T = unknown>(url: string, init: RequestInit = {}): Promise<Answer<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body: body as T };
}

export function postJson<T = unknown>(url: string, body: unknown): Promise<Answer<T>> {
  return send<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export interface Metrics {
  event_name: string;
  from: string | null;
  to: string | null;
  total_count: number;
  unique_user_count: number;
  grouped_metrics: Array<{ group_key: string; total_count: number; unique_user_count: number }>;
}

export async function metricsOf(platform: Pick<TestPlatform, 'queryUrl'>, params: Record<string, string>): Promise<Metrics> {
  const answer = await send<Metrics>(`${platform.queryUrl}/events/metrics?${new URLSearchParams(params)}`);
  if (answer.status !== 200) throw new Error(`GET /events/metrics answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Waits until the metrics of `eventName` count `total` events, then returns them. */
export function waitForCount(platform: Pick<TestPlatform, 'queryUrl'>, eventName: string, total: number, params: Record<string, string> = {}): Promise<Metrics> {
  return waitFor(`${total} ${eventName} events to be counted`, async () => {
    const metrics = await metricsOf(platform, { event_name: eventName, ...params });
    return metrics.total_count >= total ? metrics : undefined;
  });
}

/**
 * Waits for `atLeast` events of the name, then for the writer to have read every message sent so
 * far, and gives the count then: copies still on their way can no longer add to it.
 */
export async function settledCount(platform: TestPlatform, eventName: string, atLeast = 1, params: Record<string, string> = {}): Promise<number> {
  await waitForCount(platform, eventName, atLeast, params);
  await waitForWriterCaughtUp(platform.env);
  return (await metricsOf(platform, { event_name: eventName, ...params })).total_count;
}

/** Rows of the platform's ClickHouse database, the values bound as parameters. */
export async function storedRows<T>(platform: Pick<TestPlatform, 'env'>, query: string, queryParams: Record<string, unknown> = {}): Promise<T[]> {
  const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
  try {
    const result = await client.query({ query, query_params: queryParams, format: 'JSONEachRow' });
    return await result.json<T>();
  } finally {
    await client.close();
  }
}

/** A statement straight to the platform's ClickHouse database (an INSERT … SELECT, a SYSTEM command), with its settings. */
export async function storedCommand(platform: Pick<TestPlatform, 'env'>, query: string, queryParams: Record<string, unknown> = {}, settings: ClickHouseSettings = {}): Promise<void> {
  const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
  try {
    await client.command({ query, query_params: queryParams, clickhouse_settings: settings });
  } finally {
    await client.close();
  }
}
