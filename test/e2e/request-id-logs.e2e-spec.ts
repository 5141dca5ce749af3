import { EVENT_MESSAGE_CONTENT_TYPE } from '@tributary/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { freePorts } from '../../bench/support/free-port';
import { track } from '../../bench/support/child-process';
import { mainOf } from '../../bench/support/platform';
import { testAppHome } from '../support/app-home';
import { testKafka } from '../support/kafka-probe';
import { isolatedEnv, send } from '../support/platform';
import { waitFor } from '../support/wait-for';

type LogLine = Record<string, unknown>;

/** A built app's process, its stdout kept whole (one JSON object a line, we expect) and apart from stderr. */
class CapturedApp {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private partial = '';
  private child?: ChildProcess;
  url = '';

  constructor(
    readonly app: 'gateway' | 'writer' | 'query',
    private env: NodeJS.ProcessEnv,
  ) {}

  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<this> {
    this.env = { ...this.env, ...extraEnv };
    const [port, managementPort] = await freePorts(2);
    const prefix = this.app.toUpperCase();
    this.url = `http://127.0.0.1:${port}`;
    const env = { ...process.env, ...this.env, [`${prefix}_PORT`]: String(port), [`${prefix}_MANAGEMENT_PORT`]: String(managementPort) };
    const child = spawn(process.execPath, [mainOf(testAppHome(this.app).repoRoot, this.app)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    track(child);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const text = this.partial + chunk;
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      this.stdout.push(...lines);
    });
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
    await waitFor(`${this.app} to answer /health`, async () => {
      if (child.exitCode !== null) throw new Error(`${this.app} ended (${child.exitCode}): ${this.stdout.slice(-10).join('\n')}${this.stderr.join('')}`);
      return (await fetch(`http://127.0.0.1:${managementPort}/health`)).ok || undefined;
    }, 90_000);
    return this;
  }

  /** Its stdout lines, parsed: a line that is not JSON fails the test, naming it. */
  lines(): LogLine[] {
    return this.stdout.filter((line) => line.length > 0).map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`${this.app} wrote a line that is not JSON: ${line}`);
      }
    });
  }

  async find(what: string, match: (line: LogLine) => boolean): Promise<LogLine> {
    try {
      return await waitFor(`${this.app} to log ${what}`, async () => this.lines().find(match), 30_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}; its last lines:\n${this.stdout.slice(-20).join('\n')}`);
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await once(child, 'close');
    clearTimeout(killer);
  }
}

describe('a request id, from the gateway through Kafka to the writer, in JSON logs', () => {
  const env = isolatedEnv();
  // The writer at debug, for its line per insert; the gateway and the query app at the default level.
  const writer = new CapturedApp('writer', { ...env, LOG_LEVEL: 'debug' });
  const query = new CapturedApp('query', { ...env, LOG_LEVEL: 'log' });
  const gateway = new CapturedApp('gateway', { ...env, LOG_LEVEL: 'log' });
  const token = `e2e-${randomBytes(6).toString('hex')}:req.1_a`;

  beforeAll(async () => {
    await writer.start();
    await query.start();
    await gateway.start({ GATEWAY_READS_URL: query.url });
  }, 180_000);

  afterAll(async () => {
    await gateway.stop();
    await query.stop();
    await writer.stop();
  }, 60_000);

  const post = (headers: Record<string, string> = {}) =>
    send(`${gateway.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name: 'request_id_probe', channel_type: 'web', user_id: 'u1', timestamp: Math.floor(Date.now() / 1000) }),
    });

  it("answers the client's X-Request-Id, and the writer's debug line for the insert names it", async () => {
    const answer = await post({ 'x-request-id': token });
    expect(answer.status).toBeLessThan(300);
    expect(answer.headers.get('x-request-id')).toBe(token);

    const inserted = await writer.find(`an insert holding ${token}`, (line) => Array.isArray(line.request_ids) && line.request_ids.includes(token));
    expect(inserted).toMatchObject({ level: 'debug', app: 'writer', context: 'BatchWriter', topic: env.KAFKA_TOPIC, partition: expect.any(Number), msg: expect.stringContaining('inserted') });
    // No line per request at the default level: the gateway's hot path logs nothing for it.
    expect(gateway.lines().filter((line) => JSON.stringify(line).includes(token))).toEqual([]);
  }, 60_000);

  it('replaces an unsafe X-Request-Id by one of its own, on errors too', async () => {
    for (const unsafe of ['a'.repeat(300), '<script>alert(1)</script>', 'two words']) {
      const answer = await post({ 'x-request-id': unsafe });
      expect(answer.status).toBeLessThan(300);
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const refused = await send(`${gateway.url}/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'bad-body-1' }, body: '{"name":' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-request-id')).toBe('bad-body-1');
    const missing = await send(`${gateway.url}/nowhere`, { headers: { 'x-request-id': 'lost-1' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('lost-1');
  }, 60_000);

  it('answers it on reads too, the query app the same one when the gateway forwards the read', async () => {
    const forwarded = await send(`${gateway.url}/events/metrics?event_name=request_id_probe`, { headers: { 'x-request-id': 'read-1' } });
    expect(forwarded.status).toBe(200);
    expect(forwarded.headers.get('x-request-id')).toBe('read-1');
    const direct = await send(`${query.url}/events/metrics?event_name=request_id_probe`, { headers: { 'x-request-id': 'x'.repeat(129) } });
    expect(direct.status).toBe(200);
    expect(direct.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  }, 60_000);

  it("warns of a dead-lettered message with the request id its producer gave, and where it was", async () => {
    const poisonId = `poison-${randomBytes(6).toString('hex')}`;
    const producer = testKafka(env).producer();
    await producer.connect();
    try {
      await producer.send({
        topic: String(env.KAFKA_TOPIC),
        messages: [{ key: null, value: '{"v":2,"event":{"name":42}}', headers: { 'content-type': EVENT_MESSAGE_CONTENT_TYPE, 'x-request-id': poisonId } }],
      });
    } finally {
      await producer.disconnect();
    }
    const warning = await writer.find(`the dead letter of ${poisonId}`, (line) => line.request_id === poisonId);
    expect(warning).toMatchObject({
      level: 'warn',
      context: 'BatchWriter',
      topic: env.KAFKA_TOPIC,
      partition: expect.any(Number),
      offset: expect.stringMatching(/^\d+$/),
      stage: 'validation',
      msg: expect.stringContaining('dead-lettered'),
    });
  }, 60_000);

  it('writes nothing but JSON lines with level, time and msg on stdout', () => {
    for (const app of [writer, query, gateway]) {
      const lines = app.lines();
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
        expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
      }
    }
    expect(gateway.lines()).toContainEqual(expect.objectContaining({ level: 'info', app: 'gateway', context: 'gateway', msg: expect.stringContaining('listening on') }));
  });
});
