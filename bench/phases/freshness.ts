import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpLoad } from '../load/http-load';
import { percentile } from '../report/percentiles';
import { waitFor } from '../support/wait-for';
import { BenchContext, Saturation } from './bench-context';
import { BATCH_EVENTS } from './gateway-ingest';

const POLL_MS = 20;
const PROBE_TIMEOUT_MS = 60_000;
const LOAD_START_MS = 1_000;

/** Dashboards polling a read of the shared ClickHouse while the probes run, each client one request at a time. */
export interface PollingReaders {
  /** What they read, for the table. */
  label: string;
  url: string;
  clients: number;
}

/**
 * From the gateway's 2xx to the event counted by the query app, under a background NDJSON load of
 * half the gateway's saturation rate, and, with `readers`, while they poll. Each probe is one
 * event with a name of its own, sent alone; the query app is polled every POLL_MS ms until it
 * counts it.
 */
export async function measureFreshness(context: BenchContext, ndjson: Saturation, readers?: PollingReaders): Promise<void> {
  const { gateway, query, size } = context;
  const requestsPerSecond = Math.max(1, Math.round(ndjson.requestsPerSecond / 2));
  const load = new HttpLoad({
    baseUrl: gateway.url,
    body: 'ndjson-batch',
    eventsPerRequest: BATCH_EVENTS,
    connections: ndjson.connections,
    durationSeconds: size.freshnessProbes * 3 + 30,
    requestsPerSecond,
  });
  const run = randomBytes(4).toString('hex');
  const delays: number[] = [];
  const polling = readers && pollUntilStopped(readers);
  try {
    await sleep(LOAD_START_MS);
    for (let i = 0; i < size.freshnessProbes; i++) {
      const name = `freshness_probe_${run}_${i}`;
      const answer = await fetch(`${gateway.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, channel_type: 'web', user_id: 'freshness-probe' }),
      });
      if (answer.status !== 202) throw new Error(`the freshness probe ${name} was answered ${answer.status}: ${await answer.text()}`);
      const accepted = performance.now();
      const url = `${query.url}/events/metrics?event_name=${name}`;
      await waitFor(`the query app to count ${name}`, async () => {
        const metrics = (await (await fetch(url)).json()) as { total_count: number };
        return metrics.total_count >= 1 ? true : undefined;
      }, PROBE_TIMEOUT_MS, POLL_MS);
      delays.push(performance.now() - accepted);
    }
  } finally {
    load.stop();
    polling?.stop();
  }
  const background = await load.result;
  const readTimings = await polling?.timings;
  context.table.add({
    id: readers ? 'freshness.dashboards' : 'freshness',
    label: `freshness: gateway 2xx → counted by the query app, under ${requestsPerSecond} req/s NDJSON of ${BATCH_EVENTS} (half saturation)${readers ? `, ${readers.clients} clients polling ${readers.label}` : ''}`,
    value: percentile(delays, 99),
    unit: 'ms (p99)',
    p50Ms: percentile(delays, 50),
    p99Ms: percentile(delays, 99),
    note: `${delays.length} probes, poll every ${POLL_MS} ms; load held ${Math.round(background.eventsPerSecond).toLocaleString('en-US')} events/s, p99 ${background.p99Ms} ms`,
  });
  if (readers && readTimings) {
    context.table.add({
      id: 'dashboards.read',
      label: `${readers.label}, ${readers.clients} clients polling during the freshness probes`,
      value: percentile(readTimings, 95),
      unit: 'ms (p95)',
      p50Ms: percentile(readTimings, 50),
      p95Ms: percentile(readTimings, 95),
      note: `${readTimings.length} reads`,
    });
  }
}

function pollUntilStopped(readers: PollingReaders): { stop(): void; timings: Promise<number[]> } {
  let stopped = false;
  let failure: Error | undefined;
  const timings: number[] = [];
  const client = async (): Promise<void> => {
    while (!stopped && !failure) {
      const started = performance.now();
      try {
        const response = await fetch(readers.url);
        const body = await response.text();
        if (!response.ok) throw new Error(`GET ${readers.url} answered ${response.status}: ${body}`);
      } catch (error) {
        failure = error as Error;
      }
      timings.push(performance.now() - started);
    }
  };
  const clients = Promise.all(Array.from({ length: readers.clients }, client));
  const stop = () => {
    stopped = true;
  };
  return { stop, timings: clients.then(() => (failure ? Promise.reject(failure) : timings)) };
}
