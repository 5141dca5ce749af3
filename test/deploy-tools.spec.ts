import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * The deployment files checked by their own tools, pinned and installed by scripts/deploy-tools.sh:
 * helm lints the chart (its values against values.schema.json) and renders it, kubeconform validates
 * every rendered manifest against Kubernetes' API schemas and the ServiceMonitor against the
 * Prometheus Operator's CRD (strict: an unknown field fails), Debian's docker-compose validates
 * docker-compose.yml. A failure shows the tool's output.
 */
const ROOT = join(__dirname, '..');
const CHART = join(ROOT, 'deploy/helm/tributary');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const VALUES: Record<string, string[]> = {
  default: [],
  production: ['-f', join(CHART, 'values-production.example.yaml')],
};

const toolPath = (tool: string): string =>
  execFileSync('bash', [join(ROOT, 'scripts/deploy-tools.sh'), 'path', tool], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

interface Run {
  status: number | null;
  stdout: string;
  output: string;
}

function run(command: string, args: string[], input?: string): Run {
  const result = spawnSync(command, args, { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}${result.error ?? ''}` };
}

/** Runs a tool that must succeed: its stdout, or a failure carrying all it printed. */
function succeed(command: string, args: string[], input?: string): string {
  const result = run(command, args, input);
  if (result.status !== 0) throw new Error(`${basename(command)} ${args.join(' ')} exited ${result.status}:\n${result.output}`);
  return result.stdout;
}

const kindCounts = (manifests: string): Record<string, number> =>
  [...manifests.matchAll(/^kind: (\w+)$/gm)].reduce<Record<string, number>>((counts, [, kind]) => ({ ...counts, [kind]: (counts[kind] ?? 0) + 1 }), {});

describe('deployment files, checked by their own tools', () => {
  let helm: string;
  let kubeconform: string;
  let schemas: string;
  let compose: string;

  beforeAll(() => {
    [helm, kubeconform, schemas, compose] = ['helm', 'kubeconform', 'schemas', 'docker-compose'].map(toolPath);
  }, 30 * 60_000);

  const render = (values: string[]): string => succeed(helm, ['template', 'tributary', CHART, ...values]);
  const validate = (manifests: string): Run =>
    run(kubeconform, ['-strict', '-summary', '-schema-location', join(schemas, '{{ .ResourceKind }}{{ .KindSuffix }}.json'), '-'], manifests);

  it.each(Object.keys(VALUES))('helm lint --strict passes with the %s values, values.schema.json included', (name) => {
    succeed(helm, ['lint', '--strict', CHART, ...VALUES[name]]);
  });

  it.each([
    ['default', { ConfigMap: 2, Deployment: 3, Service: 3, PodDisruptionBudget: 3, Job: 1 }, 3],
    ['production', { ConfigMap: 2, Deployment: 3, Service: 3, PodDisruptionBudget: 3, HorizontalPodAutoscaler: 2, Ingress: 1, ServiceMonitor: 1, Job: 1 }, 1],
  ])('helm template with the %s values renders manifests the Kubernetes API schemas accept', (name, kinds, fixedReplicaCounts) => {
    const manifests = render(VALUES[name]);
    expect(kindCounts(manifests)).toEqual(kinds);
    // Autoscaled Deployments leave their replica count to the HorizontalPodAutoscaler.
    expect(manifests.match(/^ {2}replicas: /gm)?.length).toBe(fixedReplicaCounts);
    const validation = validate(manifests);
    const checked = Object.values(kinds).reduce((sum, count) => sum + count, 0);
    expect({ status: validation.status, output: validation.output }).toEqual({
      status: 0,
      output: expect.stringContaining(`Valid: ${checked}, Invalid: 0, Errors: 0, Skipped: 0`),
    });
  });

  it('docker-compose config accepts docker-compose.yml', () => {
    succeed(compose, ['-f', COMPOSE_FILE, 'config', '--quiet']);
  });

  describe('would fail on what they are here to catch', () => {
    it('helm lint: a value values.schema.json refuses', () => {
      const result = run(helm, ['lint', CHART, '--set', 'gateway.port=http']);
      expect(result.status).not.toBe(0);
      expect(result.output).toMatch(/gateway.*port/);
    });

    it('kubeconform: a misspelt field, in a Deployment and in the ServiceMonitor, and a kind it has no schema for', () => {
      const misspelt = validate(render([]).replace(/^ {2}replicas: /m, '  replica: '));
      expect(misspelt.status).not.toBe(0);
      expect(misspelt.output).toMatch(/'replica' not allowed|additional properties 'replica'/);
      const misspeltMonitor = validate(render(VALUES.production).replace(/^ {6}interval: /m, '      intervall: '));
      expect(misspeltMonitor.status).not.toBe(0);
      expect(misspeltMonitor.output).toMatch(/ServiceMonitor.*'intervall' not allowed|additional properties 'intervall'/s);
      const unknownKind = validate('apiVersion: example.com/v1\nkind: Unknown\nmetadata:\n  name: x\n');
      expect(unknownKind.status).not.toBe(0);
    });

    it('docker-compose config: a misspelt key', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'compose-')), 'docker-compose.yml');
      writeFileSync(file, readFileSync(COMPOSE_FILE, 'utf8').replace('    healthcheck:', '    healtcheck:'));
      const result = run(compose, ['--project-directory', ROOT, '-f', file, 'config', '--quiet']);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('healtcheck');
    });
  });
});
