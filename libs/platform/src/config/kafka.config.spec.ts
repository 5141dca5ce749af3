import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaConfig } from './kafka.config';
import { ConfigError, Env, loadConfig } from './load-config';

const dir = mkdtempSync(join(tmpdir(), 'kafka-config-'));
const pem = join(dir, 'ca.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const notPem = join(dir, 'ca.txt');
writeFileSync(notPem, 'not a certificate');
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, 'from-a-secret\n');

function problemsOf(env: Env): string[] {
  try {
    loadConfig(KafkaConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('KafkaConfig connection settings', () => {
  it('defaults to PLAINTEXT without SASL', () => {
    expect(loadConfig(KafkaConfig, {})).toMatchObject({ KAFKA_SASL_MECHANISM: 'none', KAFKA_TLS: false, KAFKA_TLS_REJECT_UNAUTHORIZED: true });
  });

  it('takes each mechanism, in any case, with a username and a password', () => {
    for (const mechanism of ['plain', 'PLAIN', 'scram-sha-256', 'SCRAM-SHA-512']) {
      const config = loadConfig(KafkaConfig, { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD: 'pw' });
      expect(config.KAFKA_SASL_MECHANISM).toBe(mechanism.toLowerCase());
    }
  });

  it('refuses an unknown mechanism, naming the setting', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi' })).toEqual([
      'KAFKA_SASL_MECHANISM="gssapi": KAFKA_SASL_MECHANISM must be one of none, plain, scram-sha-256, scram-sha-512',
    ]);
  });

  it('refuses a mechanism without a username or a password', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual([
      'KAFKA_SASL_USERNAME="": KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM is plain, scram-sha-256 or scram-sha-512',
      'KAFKA_SASL_PASSWORD="": KAFKA_SASL_PASSWORD is required when KAFKA_SASL_MECHANISM is plain, scram-sha-256 or scram-sha-512',
    ]);
  });

  it('refuses credentials without a mechanism, never printing the password', () => {
    const problems = problemsOf({ KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD: 'hunter2' });
    expect(problems).toEqual([
      'KAFKA_SASL_USERNAME="alice": KAFKA_SASL_USERNAME applies only when KAFKA_SASL_MECHANISM is plain, scram-sha-256 or scram-sha-512',
      'KAFKA_SASL_PASSWORD=(secret): KAFKA_SASL_PASSWORD applies only when KAFKA_SASL_MECHANISM is plain, scram-sha-256 or scram-sha-512',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('reads the password from KAFKA_SASL_PASSWORD_FILE, without its trailing newline', () => {
    const config = loadConfig(KafkaConfig, { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD_FILE: passwordFile });
    expect(config.KAFKA_SASL_PASSWORD).toBe('from-a-secret');
  });

  it('refuses a password file it cannot read, naming the setting, and both a password and a file', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD_FILE: join(dir, 'missing') })).toEqual([
      `KAFKA_SASL_PASSWORD_FILE=${JSON.stringify(join(dir, 'missing'))}: cannot read the file (ENOENT)`,
    ]);
    const both = problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'a', KAFKA_SASL_PASSWORD: 'hunter2', KAFKA_SASL_PASSWORD_FILE: passwordFile });
    expect(both).toEqual([`KAFKA_SASL_PASSWORD_FILE=${JSON.stringify(passwordFile)}: set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both`]);
    expect(both.join('\n')).not.toMatch(/hunter2|from-a-secret/);
  });

  it('takes TLS with a readable PEM CA and a client certificate with its key', () => {
    const config = loadConfig(KafkaConfig, { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: pem, KAFKA_TLS_CERT_FILE: pem, KAFKA_TLS_KEY_FILE: pem, KAFKA_TLS_REJECT_UNAUTHORIZED: 'false' });
    expect(config).toMatchObject({ KAFKA_TLS: true, KAFKA_TLS_CA_FILE: pem, KAFKA_TLS_REJECT_UNAUTHORIZED: false });
  });

  it('refuses a CA file that cannot be read or is not PEM, naming the setting', () => {
    expect(problemsOf({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: join(dir, 'missing.pem') })).toEqual([
      `KAFKA_TLS_CA_FILE=${JSON.stringify(join(dir, 'missing.pem'))}: KAFKA_TLS_CA_FILE cannot be read (ENOENT)`,
    ]);
    expect(problemsOf({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: notPem })).toEqual([
      `KAFKA_TLS_CA_FILE=${JSON.stringify(notPem)}: KAFKA_TLS_CA_FILE is not a PEM file (no -----BEGIN line)`,
    ]);
  });

  it('refuses a certificate without its key, TLS settings without KAFKA_TLS, and a flag that is not a boolean', () => {
    expect(problemsOf({ KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: pem })).toEqual([
      `KAFKA_TLS_CERT_FILE=${JSON.stringify(pem)}: KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE go together: set both or neither`,
      'KAFKA_TLS_KEY_FILE="": KAFKA_TLS_KEY_FILE and KAFKA_TLS_CERT_FILE go together: set both or neither',
    ]);
    expect(problemsOf({ KAFKA_TLS_CA_FILE: pem, KAFKA_TLS_REJECT_UNAUTHORIZED: 'false' })).toEqual([
      `KAFKA_TLS_CA_FILE=${JSON.stringify(pem)}: KAFKA_TLS_CA_FILE applies only when KAFKA_TLS=true`,
      'KAFKA_TLS_REJECT_UNAUTHORIZED="false": KAFKA_TLS_REJECT_UNAUTHORIZED applies only when KAFKA_TLS=true',
    ]);
    expect(problemsOf({ KAFKA_TLS: 'yes' })).toEqual(['KAFKA_TLS="yes": KAFKA_TLS must be true or false']);
  });
});
