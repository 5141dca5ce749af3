import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The chart's connection values (docs/deployment.md, "Connections") rendered by helm itself: the
 * passwords come from Secrets through secretKeyRef, the CA and client certificates are mounted
 * where the env points, each app gets only the connections it uses, and bad combinations fail
 * the render with a message naming the value.
 */
const ROOT = join(__dirname, '..');
const CHART = join(ROOT, 'deploy/helm/tributary');

const toolPath = (tool: string): string =>
  execFileSync('bash', [join(ROOT, 'scripts/deploy-tools.sh'), 'path', tool], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();

describe('the Helm chart renders the connection settings', () => {
  let helm: string;
  let kubeconform: string;
  let schemas: string;

  beforeAll(() => {
    [helm, kubeconform, schemas] = ['helm', 'kubeconform', 'schemas'].map(toolPath);
  }, 30 * 60_000);

  const render = (sets: string[]) => {
    const result = spawnSync(helm, ['template', 't', CHART, ...sets.flatMap((set) => ['--set', set])], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
  };
  /** The Deployment of one component, as text. */
  const deployment = (manifests: string, component: string): string =>
    manifests.split(/^---$/m).find((doc) => /^kind: Deployment$/m.test(doc) && new RegExp(`^  name: t-tributary-${component}$`, 'm').test(doc)) ?? '';

  const everything = [
    'kafka.sasl.mechanism=scram-sha-256',
    'kafka.sasl.username=tributary',
    'kafka.sasl.existingSecret=kafka-credentials',
    'kafka.tls.enabled=true',
    'kafka.tls.caSecret=kafka-ca',
    'kafka.tls.clientSecret=kafka-client',
    'clickhouse.url=https://ch.example:8443',
    'clickhouse.tls.caSecret=ch-ca',
    'clickhouse.tls.clientSecret=ch-client',
    // YAML 1.1 reads an unquoted y as true: names must be rendered quoted.
    'clickhouse.existingSecret=y',
  ];

  it('adds nothing by default', () => {
    const manifests = render([]);
    expect(manifests.status).toBe(0);
    expect(manifests.stdout).not.toMatch(/KAFKA_SASL|KAFKA_TLS|CLICKHOUSE_TLS|CLICKHOUSE_PASSWORD|\/etc\/tributary\/(kafka|clickhouse)/);
  });

  it('gives each app the connections it uses, passwords by secretKeyRef and certificates mounted where the env points', () => {
    const manifests = render(everything);
    expect(manifests.status).toBe(0);
    const [gateway, writer, query] = ['gateway', 'writer', 'query'].map((component) => deployment(manifests.stdout, component));
    for (const kafkaApp of [gateway, writer]) {
      expect(kafkaApp).toMatch(/- name: KAFKA_SASL_PASSWORD\n\s+valueFrom:\n\s+secretKeyRef:\n\s+name: "kafka-credentials"\n\s+key: "password"/);
      expect(kafkaApp).toMatch(/- name: KAFKA_TLS_CA_FILE\n\s+value: \/etc\/tributary\/kafka-ca\/ca.crt/);
      expect(kafkaApp).toMatch(/- name: kafka-ca\n\s+mountPath: \/etc\/tributary\/kafka-ca/);
      expect(kafkaApp).toMatch(/- name: kafka-client\n\s+secret:\n\s+secretName: "kafka-client"/);
    }
    for (const clickhouseApp of [writer, query]) {
      expect(clickhouseApp).toMatch(/- name: CLICKHOUSE_PASSWORD\n\s+valueFrom:\n\s+secretKeyRef:\n\s+name: "?y"?\n/);
      expect(clickhouseApp).toMatch(/- name: CLICKHOUSE_TLS_KEY_FILE\n\s+value: \/etc\/tributary\/clickhouse-client\/tls.key/);
      expect(clickhouseApp).toMatch(/- name: clickhouse-client\n\s+mountPath: \/etc\/tributary\/clickhouse-client/);
    }
    expect(gateway).not.toMatch(/CLICKHOUSE|clickhouse-ca/);
    const validation = spawnSync(kubeconform, ['-strict', '-summary', '-schema-location', join(schemas, '{{ .ResourceKind }}{{ .KindSuffix }}.json'), '-'], {
      input: manifests.stdout,
      encoding: 'utf8',
    });
    expect({ status: validation.status, output: `${validation.stdout}${validation.stderr}` }).toEqual({ status: 0, output: expect.stringContaining('Invalid: 0, Errors: 0') });
    expect(query).not.toMatch(/KAFKA_SASL|kafka-ca/);
  });

  it.each([
    [['kafka.sasl.mechanism=plain', 'kafka.sasl.existingSecret=s'], /kafka.sasl.username is required/],
    [['kafka.sasl.mechanism=plain', 'kafka.sasl.username=u'], /kafka.sasl.existingSecret .* is required/],
    [['kafka.sasl.username=u'], /need kafka.sasl.mechanism/],
    [['kafka.sasl.mechanism=gssapi'], /mechanism/],
    [['kafka.tls.caSecret=ca'], /need kafka.tls.enabled: true/],
    [['clickhouse.tls.caSecret=ca'], /clickhouse.tls needs an https clickhouse.url/],
    [['clickhouse.url=https://ch:8443', 'clickhouse.tls.clientSecret=c'], /clickhouse.tls.clientSecret needs clickhouse.tls.caSecret/],
  ])('refuses %j', (sets, message) => {
    const result = render(sets);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(message);
  });
});
