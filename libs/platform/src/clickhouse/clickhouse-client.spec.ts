import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseConfig } from '../config/clickhouse.config';
import { ConfigError, Env, loadConfig } from '../config/load-config';
import { clickHouseClientOptions } from './clickhouse-client';

const dir = mkdtempSync(join(tmpdir(), 'clickhouse-config-'));
const pem = join(dir, 'ca.pem');
writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, 'from-a-secret\n');

const fakeRead = (path: string) => Buffer.from(`<content of ${path}>`);

function problemsOf(env: Env): string[] {
  try {
    loadConfig(ClickHouseConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('ClickHouse connection settings', () => {
  it('passes the user and password to the client, with no TLS options over http', () => {
    const options = clickHouseClientOptions(loadConfig(ClickHouseConfig, { CLICKHOUSE_USER: 'tributary', CLICKHOUSE_PASSWORD: 'pw' }), 'db', fakeRead);
    expect(options).toMatchObject({ url: 'http://127.0.0.1:8123', username: 'tributary', password: 'pw', database: 'db' });
    expect(options.tls).toBeUndefined();
  });

  it('reads the password from CLICKHOUSE_PASSWORD_FILE', () => {
    expect(loadConfig(ClickHouseConfig, { CLICKHOUSE_PASSWORD_FILE: passwordFile }).CLICKHOUSE_PASSWORD).toBe('from-a-secret');
  });

  it('uses the system CAs for https by default, the given CA, and mutual TLS with a client certificate', () => {
    const https = { CLICKHOUSE_URL: 'https://abc.clickhouse.cloud:8443' };
    expect(clickHouseClientOptions(loadConfig(ClickHouseConfig, https), undefined, fakeRead).tls).toBeUndefined();
    const withCa = loadConfig(ClickHouseConfig, { ...https, CLICKHOUSE_TLS_CA_FILE: pem });
    expect(clickHouseClientOptions(withCa, undefined, fakeRead).tls).toEqual({ ca_cert: Buffer.from(`<content of ${pem}>`) });
    const mutual = loadConfig(ClickHouseConfig, { ...https, CLICKHOUSE_TLS_CA_FILE: pem, CLICKHOUSE_TLS_CERT_FILE: pem, CLICKHOUSE_TLS_KEY_FILE: pem });
    expect(clickHouseClientOptions(mutual, undefined, fakeRead).tls).toEqual({
      ca_cert: Buffer.from(`<content of ${pem}>`),
      cert: Buffer.from(`<content of ${pem}>`),
      key: Buffer.from(`<content of ${pem}>`),
    });
  });

  it('refuses TLS files for an http URL, a certificate without its key or the CA, and unreadable files', () => {
    expect(problemsOf({ CLICKHOUSE_TLS_CA_FILE: pem })).toEqual([
      `CLICKHOUSE_TLS_CA_FILE=${JSON.stringify(pem)}: CLICKHOUSE_TLS_CA_FILE applies only when CLICKHOUSE_URL is an https URL`,
    ]);
    const https = { CLICKHOUSE_URL: 'https://ch.example:8443' };
    expect(problemsOf({ ...https, CLICKHOUSE_TLS_CERT_FILE: pem, CLICKHOUSE_TLS_KEY_FILE: pem })).toEqual([
      'CLICKHOUSE_TLS_CA_FILE="": CLICKHOUSE_TLS_CA_FILE is required with CLICKHOUSE_TLS_CERT_FILE (the client takes a client certificate only with the CA)',
    ]);
    expect(problemsOf({ ...https, CLICKHOUSE_TLS_CA_FILE: pem, CLICKHOUSE_TLS_KEY_FILE: pem })).toEqual([
      'CLICKHOUSE_TLS_CERT_FILE="": CLICKHOUSE_TLS_CERT_FILE and CLICKHOUSE_TLS_KEY_FILE go together: set both or neither',
      `CLICKHOUSE_TLS_KEY_FILE=${JSON.stringify(pem)}: CLICKHOUSE_TLS_KEY_FILE and CLICKHOUSE_TLS_CERT_FILE go together: set both or neither`,
    ]);
    expect(problemsOf({ ...https, CLICKHOUSE_TLS_CA_FILE: '/nowhere/ca.pem' })).toEqual([
      'CLICKHOUSE_TLS_CA_FILE="/nowhere/ca.pem": CLICKHOUSE_TLS_CA_FILE cannot be read (ENOENT)',
    ]);
  });

  it('refuses credentials in the URL, without printing the password', () => {
    const problems = problemsOf({ CLICKHOUSE_URL: 'https://default:hunter2@ch.example:8443' });
    expect(problems).toEqual([
      'CLICKHOUSE_URL="https://default:(secret)@ch.example:8443": CLICKHOUSE_URL must not carry credentials: set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD (or CLICKHOUSE_PASSWORD_FILE)',
    ]);
  });
});
