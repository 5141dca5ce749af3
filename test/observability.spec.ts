import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { alertExpressions, dashboard, dashboardExpressions, metricsUsed, OBSERVABILITY, panelsOf } from './support/observability';
import { runPromtool, samplesOf } from './support/prometheus';
import { metricNamesIn } from './support/promql';

/**
 * The Grafana dashboard and the Prometheus alerts query only metrics the apps export, are wired
 * into docker-compose, and the alerts pass promtool's checks and unit tests. That the series
 * exist and move in a real Prometheus is test/e2e/prometheus.e2e-spec.ts's part.
 */
const read = (path: string): string => readFileSync(join(OBSERVABILITY.root, path), 'utf8');

/** The series docs/metrics.md lists: each metric of its tables, a histogram's as _bucket, _sum and _count. */
function documentedSeries(): string[] {
  return [...read('docs/metrics.md').matchAll(/^\| `(\w+)` \| (counter|gauge|histogram) \|/gm)].flatMap(([, name, type]) =>
    type === 'histogram' ? ['_bucket', '_sum', '_count'].map((suffix) => name + suffix) : [name],
  );
}

/** The series prom-client's default metrics expose (process_*, nodejs_*), from a real registry. */
async function defaultSeries(): Promise<string[]> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return samplesOf(await registry.metrics()).map(({ name }) => name);
}

describe('the Grafana dashboard and the Prometheus alerts', () => {
  it('find the metric names of a PromQL expression, and only those', () => {
    const expr =
      'histogram_quantile(0.99, sum by (route, le) (rate(a_seconds_bucket{job="query", route=~"/x.+"}[$__rate_interval]))) / on (job) group_left (route) b_total offset 5m > bool 1e3 and absent(up{job="w"})';
    expect(metricNamesIn(expr)).toEqual(['a_seconds_bucket', 'b_total', 'up']);
  });

  it('chart what the operators watch and alert on the five conditions', () => {
    expect(metricsUsed()).toEqual(
      expect.arrayContaining([
        'tributary_gateway_events_accepted_total',
        'tributary_gateway_requests_refused_total',
        'tributary_gateway_publish_duration_seconds_bucket',
        'tributary_writer_consumer_lag_messages',
        'tributary_writer_event_freshness_seconds_bucket',
        'tributary_writer_insert_duration_seconds_bucket',
        'tributary_writer_dead_lettered_total',
        'tributary_http_server_request_duration_seconds_bucket',
        'process_resident_memory_bytes',
        'tributary_ready',
      ]),
    );
    expect(alertExpressions().map(({ alert }) => alert)).toEqual([
      'TributaryWriterLagGrowing',
      'TributaryFreshnessAboveBound',
      'TributaryDeadLettersGrowing',
      'TributaryWriterNotReady',
      'TributaryHighServerErrorRate',
    ]);
    expect(alertExpressions().every(({ expr }) => expr !== '')).toBe(true);
  });

  it('query only series the apps export (docs/metrics.md, prom-client defaults) and Prometheus its own up', async () => {
    const exported = new Set([...documentedSeries(), ...(await defaultSeries()), 'up']);
    expect(documentedSeries()).toContain('tributary_writer_event_freshness_seconds_bucket');
    expect(metricsUsed().filter((name) => !exported.has(name))).toEqual([]);
  });

  it('take quantiles only of histogram buckets, over a rate', () => {
    const quantiles = dashboardExpressions().flatMap(({ expr }) => [...expr.matchAll(/histogram_quantile\([^,]+, (.*)\)$/g)].map((m) => m[1]));
    expect(quantiles.length).toBeGreaterThan(0);
    for (const inner of quantiles) expect(inner).toMatch(/^sum by \(([\w, ]+, )?le\) \(rate\(\w+_bucket(\{[^}]*\})?\[\$__rate_interval\]\)\)$/);
  });

  it('dashboard: a Grafana model whose every panel queries the datasource variable, which defaults to the provisioned Prometheus', () => {
    const model = dashboard();
    expect(model.uid).toBe('tributary');
    expect(model.schemaVersion).toBeGreaterThanOrEqual(39);
    const variable = model.templating.list.find(({ name }) => name === 'datasource');
    expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(read('deploy/grafana/datasources.yml')).toMatch(new RegExp(`^\\s+uid: ${variable!.current.value}$`, 'm'));
    const panels = panelsOf(model.panels) as unknown as Array<{ datasource?: { uid: string }; targets?: Array<{ datasource?: { uid: string } }> }>;
    const sources = panels.flatMap((panel) => [panel.datasource, ...(panel.targets ?? []).map((target) => target.datasource)]);
    expect(new Set(sources.map((source) => source?.uid))).toEqual(new Set(['${datasource}']));
  });

  it('compose provisions the dashboard in Grafana and loads the alerts in Prometheus', () => {
    const compose = read('docker-compose.yml');
    const dashboardsDir = /^\s+- \.\/deploy\/grafana\/dashboards:(\S+):ro$/m.exec(compose)?.[1];
    expect(compose).toMatch(/^\s+- \.\/deploy\/grafana\/dashboards\.yml:\/etc\/grafana\/provisioning\/dashboards\/\S+\.yml:ro$/m);
    expect(read('deploy/grafana/dashboards.yml')).toContain(`path: ${dashboardsDir}`);
    expect(read('deploy/prometheus/prometheus.yml')).toMatch(/^rule_files:\n {2}- alerts\.yml$/m);
    expect(compose).toContain('- ./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
  });
});

describe('the alert rules, by promtool', () => {
  it('promtool check rules: valid rules and templates', async () => {
    const { status, output } = await runPromtool('check', 'rules', OBSERVABILITY.alerts);
    if (status !== 0) throw new Error(`promtool check rules exited ${status}:\n${output}`);
    expect(output).toContain(`SUCCESS: ${alertExpressions().length} rules found`);
  });

  it('promtool test rules: each alert fires on its input series and stays silent on healthy ones', async () => {
    const { status, output } = await runPromtool('test', 'rules', OBSERVABILITY.alertTests);
    if (status !== 0) throw new Error(`promtool test rules exited ${status}:\n${output}`);
    expect(output).toContain('SUCCESS');
  });

  it('the unit tests cover every alert', () => {
    const tested = new Set([...read(OBSERVABILITY.alertTests).matchAll(/alertname: (\w+)/g)].map((m) => m[1]));
    expect(alertExpressions().map(({ alert }) => alert).filter((alert) => !tested.has(alert))).toEqual([]);
  });
});
