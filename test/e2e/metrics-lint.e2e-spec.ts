import { waitForWriterCaughtUp } from '../support/kafka-probe';
import { postJson, send, startPlatform, TestPlatform, waitForCount } from '../support/platform';
import { lintMetrics, Sample, samplesOf, valueOf } from '../support/prometheus';

type App = 'gateway' | 'query' | 'writer';
const APPS: App[] = ['gateway', 'query', 'writer'];

/**
 * prom-client's default metrics (collectDefaultMetrics) include three gauges named with a
 * counter's suffix: nodejs_active_handles_total, nodejs_active_requests_total and
 * nodejs_active_resources_total. They are prom-client's to name, not ours: exactly these findings
 * are let through, and no other.
 */
const PROM_CLIENT_DEFAULT_FINDING = /^nodejs_active_(handles|requests|resources)_total non-counter metrics should not have "_total" suffix$/;

const at = (iso: string) => Date.parse(iso) / 1000;
/** Events of ids fixed by their content, which the key spreads over both partitions of the test topic, the same way every run. */
const EVENTS = Array.from({ length: 10 }, (_, i) => ({ name: 'metrics_lint', channel_type: 'web', user_id: `u${i}`, timestamp: at('2024-03-01T10:00:00Z') + i }));

describe("every app's metrics: promtool finds nothing wrong with ours, and they move with the traffic", () => {
  let platform: TestPlatform;
  const scrapes = {} as Record<App, { text: string; samples: Sample[] }>;

  beforeAll(async () => {
    platform = await startPlatform();
    const answers = [
      await postJson(`${platform.gatewayUrl}/events`, EVENTS[0]),
      await postJson(`${platform.gatewayUrl}/events/batch`, { events: EVENTS.slice(1) }),
      await postJson(`${platform.gatewayUrl}/events/batch`, { events: [{ ...EVENTS[0], channel_type: 'nowhere' }] }),
      await send(`${platform.gatewayUrl}/events/batch`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'name,channel_type' }),
      await send(`${platform.queryUrl}/no/such/path`),
    ];
    expect(answers.map(({ status }) => status)).toEqual([202, 202, 400, 415, 404]);
    await waitForCount(platform, 'metrics_lint', EVENTS.length);
    await waitForWriterCaughtUp(platform.env);
    for (const app of APPS) {
      const text = (await send<string>(`${platform.managementUrls[app]}/metrics`)).body;
      scrapes[app] = { text, samples: samplesOf(text) };
    }
  }, 120_000);

  afterAll(() => platform?.stop());

  const value = (app: App, name: string, labels: Record<string, string> = {}) => valueOf(scrapes[app].samples, name, labels);

  it.each(APPS)('%s: promtool check metrics finds nothing wrong with our metrics', async (app) => {
    const findings = await lintMetrics(scrapes[app].text);
    expect(findings.filter((finding) => !PROM_CLIENT_DEFAULT_FINDING.test(finding))).toEqual([]);
  });

  it("counts and times each API's requests by method, route pattern and status; the unmatched under one route", () => {
    const requests = 'tributary_http_server_requests_total';
    expect(value('gateway', requests, { method: 'POST', route: '/events', status: '202' })).toBe(1);
    expect(value('gateway', requests, { method: 'POST', route: '/events/batch', status: '202' })).toBe(1);
    expect(value('gateway', requests, { method: 'POST', route: '/events/batch', status: '400' })).toBe(1);
    expect(value('gateway', requests, { method: 'POST', route: '/events/batch', status: '415' })).toBe(1);
    expect(value('gateway', 'tributary_http_server_request_duration_seconds_count', { method: 'POST', route: '/events', status: '202' })).toBe(1);
    expect(value('query', requests, { method: 'GET', route: '/events/metrics', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(value('query', requests, { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(scrapes.query.text).not.toContain('/no/such/path');
  });

  it('gateway: events accepted and their sizes, requests refused by source and reason, publishes timed, the queue', () => {
    expect(value('gateway', 'tributary_gateway_events_accepted_total', { source: 'tributary' })).toBe(EVENTS.length);
    expect(value('gateway', 'tributary_gateway_event_size_bytes_count', { source: 'tributary' })).toBe(EVENTS.length);
    expect(value('gateway', 'tributary_gateway_requests_refused_total', { source: 'tributary', reason: 'invalid' })).toBe(1);
    expect(value('gateway', 'tributary_gateway_requests_refused_total', { source: 'tributary', reason: 'unsupported_type' })).toBe(1);
    expect(value('gateway', 'tributary_gateway_request_body_size_bytes_count', { source: 'tributary' })).toBe(4);
    expect(value('gateway', 'tributary_gateway_publish_duration_seconds_count')).toBe(2);
    expect(value('gateway', 'tributary_gateway_publish_queue_messages')).toBe(0);
  });

  it('writer: messages consumed, rows inserted, batches sized and timed, the freshness of each event, the lag of each partition', () => {
    expect(value('writer', 'tributary_writer_messages_consumed_total')).toBe(EVENTS.length);
    expect(value('writer', 'tributary_writer_rows_inserted_total')).toBe(EVENTS.length);
    expect(value('writer', 'tributary_writer_event_freshness_seconds_count')).toBe(EVENTS.length);
    expect(value('writer', 'tributary_writer_batch_size_messages_sum')).toBe(EVENTS.length);
    expect(value('writer', 'tributary_writer_commit_duration_seconds_count')).toBe(value('writer', 'tributary_writer_batch_size_messages_count'));
    const topic = String(platform.env.KAFKA_TOPIC);
    for (const partition of ['0', '1']) expect(value('writer', 'tributary_writer_consumer_lag_messages', { topic, partition })).toBe(0);
  });

  it('query: the rows ClickHouse read for the answers', () => {
    expect(value('query', 'tributary_query_rows_read_total')).toBeGreaterThan(0);
  });
});
