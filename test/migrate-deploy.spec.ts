import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * The migrate job as the deployment files run it: built, in the image, run once by compose and by
 * the Helm chart (a pre-install/pre-upgrade hook) with the apps' ClickHouse settings, the apps
 * then skipping the migration; npm start keeps migrating at boot.
 */
const ROOT = join(__dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const CHART = 'deploy/helm/tributary';

/** The fields of the configuration classes in a file: the variables they declare. */
const fieldsOf = (path: string): string[] => [...read(path).matchAll(/^ {2}([A-Z][A-Z0-9_]*)(?::[^=\n]+)?\s*=/gm)].map((m) => m[1]);
const MIGRATE_VARIABLES = ['clickhouse.config.ts', 'schema.config.ts', 'log.config.ts'].flatMap((file) => fieldsOf(`libs/platform/src/config/${file}`));

function mainJs(app: string): string {
  const project = JSON.parse(read('nest-cli.json')).projects[app] as { root: string; sourceRoot: string; entryFile: string };
  const outDir = JSON.parse(read(`${project.root}/tsconfig.app.json`)).compilerOptions.outDir as string;
  return posix.join(posix.normalize(posix.join(project.root, outDir)), project.sourceRoot, `${project.entryFile}.js`);
}

/** A top-level service of docker-compose.yml, as its lines. */
function composeService(name: string): string {
  const compose = read('docker-compose.yml');
  const start = compose.indexOf(`\n  ${name}:\n`);
  expect(start).toBeGreaterThan(-1);
  const rest = compose.slice(start + 1);
  const end = rest.slice(1).search(/\n {2}[\w-]+:\n|\n\S/);
  return end === -1 ? rest : rest.slice(0, end + 1);
}

describe('the migrate job in the deployment files', () => {
  const job = read(`${CHART}/templates/migrate/job.yaml`);
  const main = mainJs('migrate');

  it('is built with the apps and shipped in their image', () => {
    expect(main).toBe('dist/apps/migrate/apps/migrate/src/main.js');
    expect(read('scripts/build.sh')).toMatch(/for app in [^;]*\bmigrate\b/);
    expect(read('Dockerfile')).toContain('COPY --from=build /app/dist/apps/migrate dist/apps/migrate');
  });

  it('runs in compose once, before the writer and the query app, which then only check the schema', () => {
    const migrate = composeService('migrate');
    expect(migrate).toContain(`command: ["node", "${main}"]`);
    expect(migrate).toContain('restart: "no"');
    const variables = [...migrate.matchAll(/^ {6}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
    expect(variables.filter((name) => !MIGRATE_VARIABLES.includes(name))).toEqual([]);
    expect(variables).toEqual(expect.arrayContaining(['CLICKHOUSE_URL', 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_DATABASE', 'EVENTS_RETENTION_DAYS']));
    for (const app of ['writer', 'query']) {
      const service = composeService(app);
      expect(service).toContain('CLICKHOUSE_MIGRATE: skip');
      expect(service).toMatch(/ {6}migrate:\n {8}condition: service_completed_successfully/);
    }
  });

  it('is a Helm pre-install/pre-upgrade hook with the apps image and ClickHouse settings; the apps skip the migration', () => {
    expect(job).toContain('helm.sh/hook: pre-install,pre-upgrade');
    expect(job).toContain('helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded');
    expect(job).toContain('backoffLimit: {{ .Values.migrate.backoffLimit }}');
    expect(job).toContain('activeDeadlineSeconds: {{ .Values.migrate.activeDeadlineSeconds }}');
    expect(job).toContain('image: {{ include "tributary.image" . }}');
    expect(job).toContain(`command: ["node", "${main}"]`);
    // On a first install the hook runs before the chart's ConfigMaps exist: no envFrom.
    expect(job).not.toContain('envFrom');
    const variables = [...job.matchAll(/^\s*- name: ([A-Z][A-Z0-9_]*)\s*$/gm)].map((m) => m[1]);
    expect(variables.filter((name) => !MIGRATE_VARIABLES.includes(name))).toEqual([]);
    expect(variables).toEqual(['CLICKHOUSE_URL', 'CLICKHOUSE_USER', 'CLICKHOUSE_DATABASE', 'CLICKHOUSE_CLUSTER', 'EVENTS_RETENTION_DAYS', 'LOG_LEVEL']);
    // The password (and TLS files) as the apps get them.
    expect(job).toContain('include "tributary.clickhouseConnectionEnv" .');
    expect(read(`${CHART}/templates/configmap.yaml`)).toMatch(/CLICKHOUSE_URL: \{\{ \.Values\.clickhouse\.url \| quote \}\}/);
    for (const app of ['writer', 'query']) {
      expect(read(`${CHART}/templates/${app}/deployment.yaml`)).toMatch(/- name: CLICKHOUSE_MIGRATE\s*\n\s*value: skip\n/);
    }
    const values = read(`${CHART}/values.yaml`);
    expect(values).toMatch(/^ {2}cluster: ""$/m);
    expect(values).toMatch(/^retention:\n {2}days: 0$/m);
    expect(values).toMatch(/^migrate:\n {2}backoffLimit: \d+\n/m);
  });

  it('npm start keeps migrating at boot', () => {
    expect(read('scripts/start.sh')).not.toContain('CLICKHOUSE_MIGRATE');
  });
});
