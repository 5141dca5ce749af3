import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { READ_PATHS } from '../apps/gateway/src/transport/read-paths';
import { DEPLOYED_NODE_FLAGS } from '../bench/support/platform';

/**
 * The deployment files (Dockerfile, docker-compose.yml, deploy/) stay true to the code: the
 * variables they set are ones the apps read, the ports are the apps' defaults, the probes and
 * scrapes hit endpoints that exist, on the management port, the commands start what the build
 * produces. Plain text parsing, no YAML library: the files are kept in the plain shapes parsed here.
 */
const ROOT = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const CHART = 'deploy/helm/tributary';

const APPS = ['gateway', 'writer', 'query'] as const;
type App = (typeof APPS)[number];
type PerApp<T> = Record<App, T>;
const perApp = <T>(f: (app: App) => T): PerApp<T> => Object.fromEntries(APPS.map((app) => [app, f(app)])) as PerApp<T>;

// ---- what the code declares ----

/** Every configuration class: its fields are the variable names, with their defaults as written. */
function configClasses(): Map<string, Map<string, string>> {
  const dirs = ['libs/platform/src/config', ...APPS.map((app) => `apps/${app}/src`)];
  const classes = new Map<string, Map<string, string>>();
  for (const dir of dirs) {
    for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.config.ts'))) {
      for (const [, name, body] of read(`${dir}/${file}`).matchAll(/^export class (\w+) \{\n([\s\S]*?)^\}/gm)) {
        const fields = [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*)(?::[^=\n]+)?\s*=\s*(.+);$/gm)].map(([, field, value]) => [field, value] as const);
        classes.set(name, new Map(fields));
      }
    }
  }
  return classes;
}

/** The variables each app reads: the fields of every class its bootstrap passes to loadConfig. */
function appVariables(): PerApp<Map<string, string>> {
  const classes = configClasses();
  return perApp((app) => {
    const used = [...read(`apps/${app}/src/bootstrap.ts`).matchAll(/loadConfig\((\w+),/g)].map((m) => m[1]);
    expect(used.filter((name) => !classes.has(name))).toEqual([]);
    return new Map(used.flatMap((name) => [...classes.get(name)!]));
  });
}

const VARIABLES = appVariables();
const DEFAULT_PORT = perApp((app) => Number(VARIABLES[app].get(`${app.toUpperCase()}_PORT`)));
const DEFAULT_MANAGEMENT_PORT = perApp((app) => Number(VARIABLES[app].get(`${app.toUpperCase()}_MANAGEMENT_PORT`)));
const usesKafka = (app: App) => VARIABLES[app].has('KAFKA_BROKERS');
const usesClickHouse = (app: App) => VARIABLES[app].has('CLICKHOUSE_URL');

/** The HTTP endpoints every app's management server serves: /health, /ready, /metrics. */
function platformEndpoints(): string[] {
  const health = [...read('libs/platform/src/health/health.module.ts').matchAll(/@Get\('([\w-]+)'\)/g)].map((m) => `/${m[1]}`);
  const metrics = [...read('libs/platform/src/metrics/metrics.module.ts').matchAll(/@Controller\('([\w-]+)'\)/g)].map((m) => `/${m[1]}`);
  return [...health, ...metrics];
}

/** dist/apps/<app>/apps/<app>/src/main.js: the tsconfig's outDir, then the source path (tsc keeps the repo layout). */
function mainJs(app: App): string {
  const project = JSON.parse(read('nest-cli.json')).projects[app] as { root: string; sourceRoot: string; entryFile: string };
  const outDir = JSON.parse(read(`${project.root}/tsconfig.app.json`)).compilerOptions.outDir as string;
  expect(existsSync(join(ROOT, project.sourceRoot, `${project.entryFile}.ts`))).toBe(true);
  return posix.join(posix.normalize(posix.join(project.root, outDir)), project.sourceRoot, `${project.entryFile}.js`);
}

const stopDeadlineSeconds = (): number => Number(/const STOP_DEADLINE_MS = ([\d_]+);/.exec(read('libs/platform/src/http/run-app.ts'))![1].replace(/_/g, '')) / 1000;

// ---- what the deployment files set ----

const isContent = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');

/** Lines of a YAML block: those after the line at `start` indented deeper than it. */
function blockAfter(lines: string[], start: number): string[] {
  const indent = /^ */.exec(lines[start])![0].length;
  const end = lines.findIndex((line, i) => i > start && isContent(line) && /^ */.exec(line)![0].length <= indent);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** Indentation of the first level of a block (comments aside); undefined for an empty block. */
function firstLevel(lines: string[]): number | undefined {
  const content = lines.filter(isContent);
  return content.length === 0 ? undefined : Math.min(...content.map((l) => /^ */.exec(l)![0].length));
}

/** The block of `key:` directly under the given lines' first level. */
function child(lines: string[], key: string): string[] {
  const indent = firstLevel(lines);
  if (indent === undefined) return [];
  const at = lines.findIndex((line) => line === `${' '.repeat(indent)}${key}:` || line.startsWith(`${' '.repeat(indent)}${key}: `));
  return at === -1 ? [] : blockAfter(lines, at);
}

const keysOf = (lines: string[]): string[] => {
  const indent = firstLevel(lines);
  if (indent === undefined) return [];
  return lines.map((line) => new RegExp(`^ {${indent}}([A-Za-z_][A-Za-z0-9_]*):`).exec(line)?.[1]).filter((k): k is string => !!k);
};

function composeService(compose: string, app: App): string[] {
  const lines = compose.split('\n');
  return child(blockAfter(lines, lines.indexOf('services:')), app);
}

function composeEnv(compose: string): PerApp<string[]> {
  return perApp((app) => keysOf(child(composeService(compose, app), 'environment')));
}

interface Chart {
  values: string;
  helpers: string;
  configMaps: string;
  templates: PerApp<string>;
}

const readChart = (): Chart => ({
  values: read(`${CHART}/values.yaml`),
  helpers: read(`${CHART}/templates/_helpers.tpl`),
  configMaps: read(`${CHART}/templates/configmap.yaml`),
  templates: perApp((app) => read(`${CHART}/templates/${app}/deployment.yaml`)),
});

const valuesOf = (chart: Chart, app: App): string[] => child(chart.values.split('\n'), app);
const envNames = (text: string): string[] => [...text.matchAll(/^\s*- name: ([A-Z][A-Z0-9_]*)\s*$/gm)].map((m) => m[1]);

/** `{{- define "tributary.x" -}} ... ` of _helpers.tpl, by name. */
function helpers(chart: Chart): Map<string, string> {
  return new Map(chart.helpers.split(/(?=\{\{-? define ")/).map((block) => [/define "([\w.]+)"/.exec(block)?.[1] ?? '', block] as const));
}

/** Data keys of the ConfigMap whose name ends in -<suffix>. */
function configMapKeys(chart: Chart, suffix: string): string[] {
  const doc = chart.configMaps.split(/^---$/m).find((d) => new RegExp(`^  name: .*-${suffix}\\s*$`, 'm').test(d));
  expect(doc).toBeDefined();
  return keysOf(blockAfter(doc!.split('\n'), doc!.split('\n').indexOf('data:')));
}

/** Every variable the chart gives an app: its template's env, the helpers it includes, its ConfigMaps, values' <app>.env. */
function chartEnv(chart: Chart): PerApp<string[]> {
  const defined = helpers(chart);
  return perApp((app) => {
    const template = chart.templates[app];
    const included = [...template.matchAll(/include "([\w.]+)"/g)].map((m) => defined.get(m[1]) ?? '');
    const configMaps = [...template.matchAll(/configMapRef:\s*\n\s*name: .*-(\w+)\s*$/gm)].flatMap((m) => configMapKeys(chart, m[1]));
    expect(template).toContain(`include "tributary.env" .Values.${app}.env`);
    return [...envNames(template), ...included.flatMap(envNames), ...configMaps, ...keysOf(child(valuesOf(chart, app), 'env'))];
  });
}

/** The Ingress's routes as [path, pathType, Service (its component), Service port], a `range list` expanded into its paths. */
function ingressRoutes(template: string): string[][] {
  const expanded = template.replace(/\{\{- range list ((?:"[^"]*"\s*)+)\}\}\n([\s\S]*?)\{\{- end \}\}\n/g, (_, list: string, body: string) =>
    [...list.matchAll(/"([^"]*)"/g)].map(([, path]) => body.replace('{{ . }}', path)).join(''),
  );
  const route = /- path: (\S+)\s*\n\s*pathType: (\w+)\s*\n\s*backend:\s*\n\s*service:\s*\n\s*name: \{\{ \$fullname \}\}-(\w+)\s*\n\s*port:\s*\n\s*name: (\w+)/g;
  return [...expanded.matchAll(route)].map((match) => match.slice(1));
}

const undeclared = (env: PerApp<string[]>): string[] =>
  APPS.flatMap((app) => env[app].filter((name) => !VARIABLES[app].has(name)).map((name) => `${app}: ${name}`));

// ---- the checks ----

describe('deployment files', () => {
  const compose = read('docker-compose.yml');
  const chart = readChart();
  const endpoints = platformEndpoints();

  it('read the configuration classes (a parse that finds nothing would pass everything)', () => {
    expect(endpoints.sort()).toEqual(['/health', '/metrics', '/ready']);
    for (const app of APPS) expect(Math.min(DEFAULT_PORT[app], DEFAULT_MANAGEMENT_PORT[app])).toBeGreaterThan(0);
    expect([...VARIABLES.writer.keys()]).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'CLICKHOUSE_URL', 'WRITER_GROUP_ID', 'LOG_LEVEL']));
  });

  it.each([
    ['docker-compose.yml', () => composeEnv(compose)],
    ['the Helm chart', () => chartEnv(chart)],
  ])('%s sets for each app only variables its configuration declares, and points it at its dependencies', (_, env) => {
    const set = env();
    expect(undeclared(set)).toEqual([]);
    for (const app of APPS) {
      if (usesKafka(app)) expect(set[app]).toContain('KAFKA_BROKERS');
      if (usesClickHouse(app)) expect(set[app]).toEqual(expect.arrayContaining(['CLICKHOUSE_URL', 'CLICKHOUSE_PASSWORD']));
      expect(new Set(set[app]).size).toBe(set[app].length);
    }
  });

  it('would fail on a misspelt or misplaced variable', () => {
    const typo = compose.replace(/^(\s+)KAFKA_BROKERS: kafka:9092$/m, '$1KAFKA_BROKER: kafka:9092');
    expect(undeclared(composeEnv(typo))).toEqual(['gateway: KAFKA_BROKER']);
    const misplaced = { ...chart, values: chart.values.replace(/^ {4}GATEWAY_TRUST_PROXY:/m, '    WRITER_GROUP_ID: x\n$&') };
    expect(undeclared(chartEnv(misplaced))).toEqual(['gateway: WRITER_GROUP_ID']);
  });

  it("publish the apps' default ports, and probe and scrape their management ports", () => {
    for (const app of APPS) {
      const service = composeService(compose, app);
      const published = child(service, 'ports').map((line) => /:(\d+)"?\s*$/.exec(line)?.[1]).filter(Boolean).map(Number);
      expect(published.filter((port) => port !== DEFAULT_PORT[app] && port !== DEFAULT_MANAGEMENT_PORT[app])).toEqual([]);
      const probed = [...service.join('\n').matchAll(/http:\/\/127\.0\.0\.1:(\d+)\//g)].map((m) => Number(m[1]));
      expect(probed).toEqual([DEFAULT_MANAGEMENT_PORT[app]]);
      const values = valuesOf(chart, app).join('\n');
      expect(Number(/^\s+port: (\d+)\s*$/m.exec(values)?.[1])).toBe(DEFAULT_PORT[app]);
      expect(Number(/^\s+managementPort: (\d+)\s*$/m.exec(values)?.[1])).toBe(DEFAULT_MANAGEMENT_PORT[app]);
      for (const [variable, value] of [['PORT', 'port'], ['MANAGEMENT_PORT', 'managementPort']]) {
        expect(chart.templates[app]).toMatch(new RegExp(`- name: ${app.toUpperCase()}_${variable}\\s*\\n\\s*value: \\{\\{ \\.Values\\.${app}\\.${value} \\| quote \\}\\}`));
      }
      expect(chart.templates[app]).toMatch(new RegExp(`- name: management\\s*\\n\\s*containerPort: \\{\\{ \\.Values\\.${app}\\.managementPort \\}\\}`));
      expect(chart.templates[app]).toContain(`include "tributary.podAnnotations" (dict "root" . "port" .Values.${app}.managementPort)`);
    }
    expect(helpers(chart).get('tributary.service')).toMatch(/- name: management\s*\n\s*port: \{\{ \.values\.managementPort \}\}\s*\n\s*targetPort: management/);
    const prometheus = read('deploy/prometheus/prometheus.yml').split(/^\s+- job_name: /m).slice(1);
    expect(prometheus.map((job) => [job.split('\n')[0].trim(), Number(/port: (\d+)/.exec(job)?.[1])])).toEqual(APPS.map((app) => [app, DEFAULT_MANAGEMENT_PORT[app]]));
  });

  it('let the writer scale in compose: no fixed container name or host port', () => {
    const writer = composeService(compose, 'writer');
    expect(keysOf(writer)).not.toContain('container_name');
    expect(keysOf(writer)).not.toContain('ports');
  });

  it('probe and scrape only endpoints the apps serve', () => {
    for (const app of APPS) {
      const module = read(`apps/${app}/src/${app}.module.ts`);
      expect(module).toContain('healthEndpoints(');
      expect(module).toContain('ManagementModule');
      const composePaths = [...composeService(compose, app).join('\n').matchAll(/http:\/\/127\.0\.0\.1:\d+(\/[\w-]*)/g)].map((m) => m[1]);
      expect(composePaths).toEqual(['/ready']);
    }
    const chartText = [chart.helpers, ...Object.values(chart.templates)].join('\n');
    const probes = [...chartText.matchAll(/^\s*(\w+Probe):\s*\n\s*httpGet:\s*\n\s*path: (\S+)\s*\n\s*port: (\S+)/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(probes).toEqual([
      ['startupProbe', '/health', 'management'],
      ['livenessProbe', '/health', 'management'],
      ['readinessProbe', '/ready', 'management'],
    ]);
    for (const app of APPS) expect(chart.templates[app]).toContain('include "tributary.probes" .');
    const scraped = [
      ...[...chartText.matchAll(/prometheus\.io\/path: (\S+)/g)].map((m) => m[1]),
      ...[...read('deploy/prometheus/prometheus.yml').matchAll(/metrics_path: (\S+)/g)].map((m) => m[1]),
    ];
    expect(scraped.length).toBeGreaterThan(0);
    expect(scraped.filter((path) => !endpoints.includes(path))).toEqual([]);
  });

  it('serve reads at the address of writes: the Ingress routes exactly the read paths to the query app, compose and npm start forward them', () => {
    expect(ingressRoutes(read(`${CHART}/templates/ingress.yaml`))).toEqual([
      ...READ_PATHS.map((path) => [path, 'Exact', 'query', 'http']),
      ['/', 'Prefix', 'gateway', 'http'],
    ]);
    expect(helpers(chart).get('tributary.service')).toMatch(/- name: http\s*\n\s*port: \{\{ \.values\.port \}\}/);
    const ingressValues = child(chart.values.split('\n'), 'ingress');
    expect(keysOf(ingressValues)).toEqual(['enabled', 'className', 'host', 'annotations', 'tls']);
    expect(ingressValues).toContain('  enabled: false');
    // The Ingress is the chart's edge: its gateway forwards nothing.
    expect(chartEnv(chart).gateway).not.toContain('GATEWAY_READS_URL');
    expect(child(composeService(compose, 'gateway'), 'environment')).toContain(`      GATEWAY_READS_URL: http://query:${DEFAULT_PORT.query}`);
    expect(read('scripts/start.sh')).toContain('export GATEWAY_READS_URL="${GATEWAY_READS_URL-http://127.0.0.1:$QUERY_PORT}"');
  });

  it('start each app from the main.js the build produces, with the node flags the bench measures it with', () => {
    const dockerfile = read('Dockerfile');
    const command = (app: App, flags = DEPLOYED_NODE_FLAGS[app]) => JSON.stringify(['node', ...flags, mainJs(app)]).replace(/","/g, '", "');
    for (const app of APPS) {
      expect(dockerfile).toContain(`dist/apps/${app}`);
      expect(composeService(compose, app).join('\n')).toContain(`command: ${command(app)}`);
    }
    expect(chart.templates.writer).toContain(`command: ${command('writer')}`);
    expect(chart.templates.query).toContain(`command: ${command('query')}`);
    expect(chart.templates.gateway).toContain(`command: ${command('gateway', ['--max-old-space-size={{ .Values.gateway.maxOldSpaceMiB }}'])}`);
    expect(DEPLOYED_NODE_FLAGS.gateway).toEqual([`--max-old-space-size=${/^ {2}maxOldSpaceMiB: (\d+)$/m.exec(valuesOf(chart, 'gateway').join('\n'))?.[1]}`]);
    expect(dockerfile).toContain(`CMD ${command('gateway')}`);
  });

  it("give the writer longer than the apps' own stop deadline to drain", () => {
    const deadline = stopDeadlineSeconds();
    const composeGrace = /stop_grace_period: (\d+)s/.exec(composeService(compose, 'writer').join('\n'))?.[1];
    expect(Number(composeGrace)).toBeGreaterThan(deadline);
    expect(Number(/terminationGracePeriodSeconds: (\d+)/.exec(valuesOf(chart, 'writer').join('\n'))?.[1])).toBeGreaterThan(deadline);
    expect(chart.templates.writer).toContain('terminationGracePeriodSeconds: {{ .Values.writer.terminationGracePeriodSeconds }}');
  });
});
