import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** Each app as its built process: a bad setting stops it at boot, naming the variable and the rule. */
describe('configuration is validated once, at boot', () => {
  it.each([
    ['gateway', { GATEWAY_PORT: 'eighty' }, /GATEWAY_PORT="eighty": GATEWAY_PORT must be an integer number/],
    ['writer', { KAFKA_BROKERS: 'localhost' }, /KAFKA_BROKERS="localhost": KAFKA_BROKERS must be host:port/],
    ['query', { CLICKHOUSE_URL: 'ftp://x' }, /CLICKHOUSE_URL="ftp:\/\/x": CLICKHOUSE_URL must be an http\(s\) URL/],
    ['gateway', { LOG_LEVEL: 'chatty' }, /LOG_LEVEL="chatty": LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose/],
    ['writer', { WRITER_MANAGEMENT_PORT: '8082' }, /WRITER_MANAGEMENT_PORT="8082": WRITER_MANAGEMENT_PORT must differ from WRITER_PORT/],
    ['gateway', { NODE_ENV: 'production' }, /GATEWAY_CORS_ORIGINS="\*": GATEWAY_CORS_ORIGINS must list the origins browsers may send events from, not \*, when NODE_ENV=production/],
    ['gateway', { NODE_ENV: 'production', GATEWAY_CORS_ORIGINS: 'https://www.example.com' }, /TRIBUTARY_AUTH=\\?"open\\?": TRIBUTARY_AUTH must be keys when NODE_ENV=production/],
    ['query', { NODE_ENV: 'production' }, /TRIBUTARY_AUTH=\\?"open\\?": TRIBUTARY_AUTH must be keys when NODE_ENV=production/],
    ['query', { TRIBUTARY_AUTH: 'keys' }, /TRIBUTARY_AUTH=keys, but no keys are configured/],
    ['gateway', { TRIBUTARY_AUTH: 'keys', TRIBUTARY_KEYS: '[{"key": "short", "project": "shop", "role": "write"}]' }, /TRIBUTARY_KEYS entry 0 \(project shop\): key must be 16 to 128 characters long/],
    ['query', { QUERY_RATE_LIMIT_PER_IP: '-5' }, /QUERY_RATE_LIMIT_PER_IP="-5": QUERY_RATE_LIMIT_PER_IP must not be less than 0/],
  ])('%s with %j exits 1 saying why', (app, env, message) => {
    const main = join(REPO_ROOT, `dist/apps/${app}/apps/${app}/src/main.js`);
    const run = spawnSync(process.execPath, [main], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(messagesOf(run.stdout) + run.stderr).toMatch(message);
  });
});

/** The apps log JSON lines on stdout (README, "Logs"): the messages of the error lines, as text. */
function messagesOf(stdout: string): string {
  const lines = stdout.split('\n').filter((line) => line.length > 0);
  return lines.map((line) => JSON.parse(line) as { level: string; msg: string }).filter(({ level }) => level === 'error').map(({ msg }) => msg).join('\n');
}
