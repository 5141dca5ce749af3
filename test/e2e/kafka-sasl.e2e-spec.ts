import { INestApplication, Logger, LoggerService } from '@nestjs/common';
import { createKafka, Env, KafkaConfig, loadConfig } from '@tributary/platform';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from '../../apps/gateway/src/bootstrap';
import { startWriter } from '../../apps/writer/src/bootstrap';
import { RunningKafka, startKafkaBroker } from '../support/kafka-broker';
import { isolatedEnv, postJson, send, startPlatform, waitForCount } from '../support/platform';
import { makeTestCertificates, TestCertificates } from '../support/test-certificates';

const PLAIN = { username: 'alice', password: 'alice-plain-secret' };
const SCRAM_256 = { username: 'bob', password: 'bob-scram-256-secret' };
const SCRAM_512 = { username: 'carol', password: 'carol-scram-512-secret' };
const WRONG_PASSWORD = 'not-alices-password-7f3a';

/**
 * The Kafka settings reach the client: a broker of this file's own with a SASL_PLAINTEXT listener
 * (PLAIN, and SCRAM users written by `kafka-storage format --add-scram`) and a SASL_SSL listener
 * that also requires a client certificate (mutual TLS), and the apps configured as an operator
 * would configure them.
 */
describe('Kafka with SASL and TLS', () => {
  let broker: RunningKafka;
  let certificates: TestCertificates;
  let dir: string;
  let saslPlaintext: string;
  let saslSsl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-kafka-sasl-'));
    certificates = makeTestCertificates(dir);
    const jaas = {
      plain: `org.apache.kafka.common.security.plain.PlainLoginModule required user_${PLAIN.username}="${PLAIN.password}";`,
      scram: 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    };
    const perListener = (listener: string) => [
      `listener.name.${listener}.plain.sasl.jaas.config=${jaas.plain}`,
      `listener.name.${listener}.scram-sha-256.sasl.jaas.config=${jaas.scram}`,
      `listener.name.${listener}.scram-sha-512.sasl.jaas.config=${jaas.scram}`,
    ];
    broker = await startKafkaBroker({
      protocols: ['SASL_PLAINTEXT', 'SASL_SSL'],
      properties: [
        'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
        ...perListener('sasl_plaintext'),
        ...perListener('sasl_ssl'),
        'listener.name.sasl_ssl.ssl.keystore.type=PEM',
        `listener.name.sasl_ssl.ssl.keystore.location=${certificates.serverKeystoreFile}`,
        'listener.name.sasl_ssl.ssl.truststore.type=PEM',
        `listener.name.sasl_ssl.ssl.truststore.location=${certificates.caFile}`,
        'listener.name.sasl_ssl.ssl.client.auth=required',
      ].join('\n'),
      scramCredentials: [
        `SCRAM-SHA-256=[name=${SCRAM_256.username},password=${SCRAM_256.password}]`,
        `SCRAM-SHA-512=[name=${SCRAM_512.username},password=${SCRAM_512.password}]`,
      ],
    });
    saslPlaintext = broker.listeners.SASL_PLAINTEXT!;
    saslSsl = broker.listeners.SASL_SSL!;
  }, 120_000);

  afterAll(async () => {
    await broker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** Connects an admin client with these settings and lists the topics, or says why it could not. */
  async function adminConnects(settings: Env): Promise<string> {
    const kafka = createKafka(loadConfig(KafkaConfig, { ...settings, KAFKA_CLIENT_ID: 'kafka-sasl-test' }), 'admin');
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      await admin.listTopics();
      return 'connected';
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  it('runs the platform over SASL_PLAINTEXT with PLAIN: an event posted is counted on the query app', async () => {
    const platform = await startPlatform({
      KAFKA_BROKERS: saslPlaintext,
      KAFKA_SASL_MECHANISM: 'PLAIN',
      KAFKA_SASL_USERNAME: PLAIN.username,
      KAFKA_SASL_PASSWORD: PLAIN.password,
    });
    try {
      expect((await postJson(`${platform.gatewayUrl}/events`, { name: 'sasl_plain', channel_type: 'web' })).status).toBe(202);
      expect((await waitForCount(platform, 'sasl_plain', 1)).total_count).toBe(1);
    } finally {
      await platform.stop();
    }
  }, 90_000);

  it('runs the platform over SASL_SSL with SCRAM-SHA-256, a private CA, a client certificate and the password from a file', async () => {
    const passwordFile = join(dir, 'kafka-password');
    writeFileSync(passwordFile, `${SCRAM_256.password}\n`);
    const platform = await startPlatform({
      KAFKA_BROKERS: saslSsl,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: SCRAM_256.username,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: certificates.caFile,
      KAFKA_TLS_CERT_FILE: certificates.clientCertFile,
      KAFKA_TLS_KEY_FILE: certificates.clientKeyFile,
    });
    try {
      expect((await postJson(`${platform.gatewayUrl}/events`, { name: 'sasl_ssl_scram', channel_type: 'web' })).status).toBe(202);
      expect((await waitForCount(platform, 'sasl_ssl_scram', 1)).total_count).toBe(1);
    } finally {
      await platform.stop();
    }
  }, 90_000);

  it('authenticates with SCRAM-SHA-512 too', async () => {
    const settings = { KAFKA_BROKERS: saslPlaintext, KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: SCRAM_512.username };
    expect(await adminConnects({ ...settings, KAFKA_SASL_PASSWORD: SCRAM_512.password })).toBe('connected');
    expect(await adminConnects({ ...settings, KAFKA_SASL_PASSWORD: SCRAM_256.password })).toMatch(/SCRAM SHA512 authentication failed/);
  });

  it('cannot talk to a SASL listener without SASL settings', async () => {
    // The broker closes a connection whose first request is not a SASL handshake.
    expect(await adminConnects({ KAFKA_BROKERS: saslPlaintext })).toMatch(/Closed connection/);
  });

  it('cannot talk to the TLS listener without the CA, without the client certificate, or without TLS', async () => {
    const sasl = { KAFKA_BROKERS: saslSsl, KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: SCRAM_256.username, KAFKA_SASL_PASSWORD: SCRAM_256.password };
    const clientCertificate = { KAFKA_TLS_CERT_FILE: certificates.clientCertFile, KAFKA_TLS_KEY_FILE: certificates.clientKeyFile };
    expect(await adminConnects({ ...sasl, KAFKA_TLS: 'true', ...clientCertificate })).toMatch(/unable to verify the first certificate/);
    expect(await adminConnects({ ...sasl, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: certificates.caFile })).toMatch(/certificate/);
    expect(await adminConnects(sasl)).toMatch(/Closed connection|Connection error|timeout/i);
  });

  it('reaches the TLS listener without the CA only when told not to verify the broker', async () => {
    const settings = {
      KAFKA_BROKERS: saslSsl,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: SCRAM_256.username,
      KAFKA_SASL_PASSWORD: SCRAM_256.password,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CERT_FILE: certificates.clientCertFile,
      KAFKA_TLS_KEY_FILE: certificates.clientKeyFile,
      KAFKA_TLS_REJECT_UNAUTHORIZED: 'false',
    };
    expect(await adminConnects(settings)).toBe('connected');
  });

  describe('with a wrong password', () => {
    let gateway: INestApplication;
    let gatewayUrl: string;
    const logged: string[] = [];
    const wrongPassword = {
      KAFKA_BROKERS: '',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: PLAIN.username,
      KAFKA_SASL_PASSWORD: WRONG_PASSWORD,
      GATEWAY_PUBLISH_TIMEOUT_MS: '5000',
    };

    beforeAll(async () => {
      wrongPassword.KAFKA_BROKERS = saslPlaintext;
      gateway = await startGateway(isolatedEnv(wrongPassword));
      gatewayUrl = await gateway.getUrl();
      // The apps log through Nest's Logger: from here on, every line also lands in `logged`.
      Logger.overrideLogger(recordingLogger(logged));
    });

    afterAll(async () => {
      await gateway?.close();
      Logger.overrideLogger(new Logger());
    });

    it('answers 503, is not ready, and logs that authentication failed without printing the password', async () => {
      const answer = await postJson<{ message: string }>(`${gatewayUrl}/events`, { name: 'wrong_password', channel_type: 'web' });
      expect(answer.status).toBe(503);
      const ready = await send<{ checks: Record<string, string> }>(`${gatewayUrl}/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.checks.kafka).toMatch(/SASL PLAIN authentication failed/);
      expect(logged.join('\n')).toMatch(/authentication failed/i);
      for (const text of [...logged, JSON.stringify(ready.body), JSON.stringify(answer.body)]) {
        expect(text).not.toContain(WRONG_PASSWORD);
        expect(text).not.toContain(PLAIN.password);
      }
    }, 30_000);

    it('keeps the writer from starting, saying why without the password', async () => {
      const started = startWriter(isolatedEnv(wrongPassword));
      await expect(started).rejects.toThrow(/SASL PLAIN authentication failed/);
      const error = await started.catch((failure: Error) => failure);
      expect(String((error as Error).stack)).not.toContain(WRONG_PASSWORD);
      expect(logged.join('\n')).not.toContain(WRONG_PASSWORD);
    }, 60_000);
  });
});

function recordingLogger(lines: string[]): LoggerService {
  const record = (level: string) => (message: unknown, ...rest: unknown[]) => {
    lines.push(`${level} ${[message, ...rest].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')}`);
  };
  return { log: record('log'), error: record('error'), warn: record('warn'), debug: record('debug'), verbose: record('verbose'), fatal: record('fatal') };
}
