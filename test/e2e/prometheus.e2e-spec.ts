import { join } from 'node:path';
import { testKafka, waitForWriterCaughtUp } from '../support/kafka-probe';
import { alertExpressions, dashboardExpressions, metricsUsed, OBSERVABILITY } from '../support/observability';
import { PrometheusServer, startPrometheus } from '../support/prometheus-server';
import { postJson, send, startPlatform, TestPlatform } from '../support/platform';
import { waitFor } from '../support/wait-for';

/** Counters and histograms the traffic below cannot move, and why. */
const STILL = new Map([['tributary_gateway_publish_failures_total', 'moves only when Kafka refuses a publish (test/e2e/kafka-down.e2e-spec.ts)']]);
const counts = (name: string) => name.endsWith('_total') || name.endsWith('_bucket');

/** Panels whose queries are valid but empty here, and why. */
const EMPTY_PANELS = new Map([['Server errors', 'no request is answered 5xx: the share of a rate no series has is no series']]);

/** Grafana's $__rate_interval, as Prometheus needs it written: several scrapes of 1 s. */
const RATE_INTERVAL = '30s';

/**
 * Events, two at once and one alone; a refused batch; a Segment batch with an invalid message
 * (dropped, the rest accepted); a message the writer dead-letters; a read. Then waits until the
 * writer has been through every message.
 */
async function driveTraffic(platform: TestPlatform, round: number): Promise<void> {
  const event = (i: number) => ({ name: 'prometheus_e2e', channel_type: 'web', user_id: `u${i}`, event_id: `round-${round}-${i}` });
  const segment = { writeKey: 'prometheus-e2e', batch: [{ type: 'track', event: 'prometheus_e2e', userId: 'u1', messageId: `round-${round}-s` }, { type: 'track', event: 'prometheus_e2e' }] };
  const answers = [
    await postJson(`${platform.gatewayUrl}/events`, event(0)),
    await postJson(`${platform.gatewayUrl}/events/batch`, { events: [event(1), event(2)] }),
    await postJson(`${platform.gatewayUrl}/events/batch`, { events: [{ ...event(3), channel_type: 'nowhere' }] }),
    await postJson(`${platform.gatewayUrl}/v1/b`, segment),
  ];
  expect(answers.map(({ status }) => status)).toEqual([202, 202, 400, 200]);
  const producer = testKafka(platform.env).producer();
  await producer.connect();
  try {
    await producer.send({ topic: String(platform.env.KAFKA_TOPIC), acks: -1, messages: [{ value: 'not an event' }] });
  } finally {
    await producer.disconnect();
  }
  await waitForWriterCaughtUp(platform.env);
  expect((await send(`${platform.queryUrl}/events/metrics?event_name=prometheus_e2e`)).status).toBe(200);
}

describe("a real Prometheus scraping the three apps: the series of the dashboard and the alerts exist and move", () => {
  let platform: TestPlatform;
  let prometheus: PrometheusServer;
  const has = async (expr: string) => (await prometheus.query(expr)).length > 0;

  beforeAll(async () => {
    platform = await startPlatform();
    prometheus = await startPrometheus(platform.managementUrls, [join(OBSERVABILITY.root, OBSERVABILITY.alerts)]);
    await waitFor('Prometheus to scrape the gateway, the query app and the writer, each up', async () => {
      const { activeTargets } = await prometheus.api<{ activeTargets: Array<{ health: string }> }>('targets');
      return activeTargets.length === 3 && activeTargets.every(({ health }) => health === 'up') ? true : undefined;
    });
    await driveTraffic(platform, 1);
    // A labelled series appears with its first increment: a second round moves what the first created.
    await waitFor('Prometheus to have scraped a series of every metric the dashboard and the alerts use', async () => {
      const missing = [];
      for (const name of metricsUsed()) if (!(await has(name))) missing.push(name);
      if (missing.length > 0) throw new Error(`no series yet of ${missing.join(', ')}`);
      return true;
    });
    await driveTraffic(platform, 2);
  }, 180_000);

  afterAll(async () => {
    await prometheus?.stop();
    await platform?.stop();
  });

  it('has every app up and ready, as the writer-not-ready alert reads them', async () => {
    for (const expr of ['up', 'tributary_ready']) {
      const byJob = Object.fromEntries((await prometheus.query(expr)).map(({ metric, value }) => [metric.job, value[1]]));
      expect(byJob).toEqual({ gateway: '1', query: '1', writer: '1' });
    }
  });

  it('sees every counter and histogram of the dashboard and the alerts increase with the traffic', async () => {
    const moving = metricsUsed().filter((name) => counts(name) && !STILL.has(name));
    expect(moving.length).toBeGreaterThanOrEqual(8);
    await waitFor('every counter and histogram the dashboard and the alerts use to increase', async () => {
      const still = [];
      for (const name of moving) if (!(await has(`sum(increase(${name}[2m])) > 0`))) still.push(name);
      if (still.length > 0) throw new Error(`no increase yet of ${still.join(', ')}`);
      return true;
    });
    for (const name of STILL.keys()) expect(await has(name)).toBe(true);
  });

  it("accepts every panel's query, and answers each with data but those of no 5xx", async () => {
    const emptyPanels = async () => {
      const empty = [];
      for (const { title, expr } of dashboardExpressions()) {
        if (!(await has(expr.replaceAll('$__rate_interval', RATE_INTERVAL)))) empty.push(title);
      }
      return [...new Set(empty)];
    };
    // A scrape a loaded box answers late leaves a gap in a series for a moment: the next ones fill it.
    const empty = await waitFor('every panel but those with reason to be empty to answer with data', async () => {
      const panels = await emptyPanels();
      return panels.every((title) => EMPTY_PANELS.has(title)) ? panels : undefined;
    }).catch(emptyPanels);
    expect(empty).toEqual([...EMPTY_PANELS.keys()]);
  });

  it('evaluates every alert rule without error, and fires the dead-letter alert on the message dead-lettered', async () => {
    type Rule = { name: string; health: string; lastError?: string };
    const rules = await waitFor('every alert rule evaluated once', async () => {
      const { groups } = await prometheus.api<{ groups: Array<{ rules: Rule[] }> }>('rules');
      const all = groups.flatMap((group) => group.rules);
      return all.length > 0 && all.every(({ health }) => health !== 'unknown') ? all : undefined;
    });
    expect(rules.map(({ name, health, lastError }) => ({ name, health, lastError: lastError ?? '' }))).toEqual(
      alertExpressions().map(({ alert }) => ({ name: alert, health: 'ok', lastError: '' })),
    );
    // The other alerts wait minutes (`for`) before they fire: at most pending here.
    const firing = await waitFor('the dead-letter alert to fire', async () => {
      const { alerts } = await prometheus.api<{ alerts: Array<{ labels: Record<string, string>; state: string }> }>('alerts');
      const now = alerts.filter(({ state }) => state === 'firing');
      return now.length > 0 ? now : undefined;
    });
    expect(firing.map(({ labels }) => [labels.alertname, labels.stage])).toEqual([['TributaryDeadLettersGrowing', 'validation']]);
  });
});
