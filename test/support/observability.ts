import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricNamesIn } from './promql';

/** The dashboard, the alerts and their tests, as the repo ships them. */
export const OBSERVABILITY = {
  root: join(__dirname, '..', '..'),
  dashboard: 'deploy/grafana/dashboards/tributary.json',
  alerts: 'deploy/prometheus/alerts.yml',
  alertTests: 'deploy/prometheus/alerts.test.yml',
};

const read = (path: string): string => readFileSync(join(OBSERVABILITY.root, path), 'utf8');

interface Panel {
  title: string;
  targets?: Array<{ expr: string }>;
  panels?: Panel[];
}

export interface Dashboard {
  uid: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: string; current: { value: string } }> };
}

export const dashboard = (): Dashboard => JSON.parse(read(OBSERVABILITY.dashboard)) as Dashboard;

/** Every panel, those folded into rows included. */
export const panelsOf = (panels: Panel[]): Panel[] => panels.flatMap((panel) => [panel, ...panelsOf(panel.panels ?? [])]);

/** Each panel query's PromQL, by panel title. */
export function dashboardExpressions(): Array<{ title: string; expr: string }> {
  return panelsOf(dashboard().panels).flatMap((panel) => (panel.targets ?? []).map(({ expr }) => ({ title: panel.title, expr })));
}

/** Each alert's PromQL, from alerts.yml (kept with one `- alert:` and one one-line `expr:` a rule). */
export function alertExpressions(): Array<{ alert: string; expr: string }> {
  return read(OBSERVABILITY.alerts)
    .split(/^\s+- alert: /m)
    .slice(1)
    .map((rule) => ({ alert: rule.split('\n')[0].trim(), expr: /^\s+expr: (.+)$/m.exec(rule)?.[1] ?? '' }));
}

/** Every metric name the dashboard and the alerts query, `up` (Prometheus' own) included. */
export function metricsUsed(): string[] {
  const expressions = [...dashboardExpressions(), ...alertExpressions()].map(({ expr }) => expr);
  return [...new Set(expressions.flatMap(metricNamesIn))].sort();
}
