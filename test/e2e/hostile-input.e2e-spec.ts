import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startGateway } from '../../apps/gateway/src/bootstrap';
import { startQuery } from '../../apps/query/src/bootstrap';
import { Answer, managementUrlOf, send, startPlatform, storedRows, TestPlatform, urlOf, waitForCount } from '../support/platform';
import { ErrorBody, expectRefused } from '../support/refusals';

const PROTOTYPE_KEY = /^(line \d+ )?is refused as a key: __proto__, or constructor holding prototype/;
const DEEPER_THAN_64 = /is nested deeper than the limit of 64 levels of arrays and objects$/;

/** JSON text nesting objects `levels` deep, written out: a parse and a stringify would take the stack the limit protects. */
const nested = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

const basicAuth = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describe('hostile input: rate limits, security headers, deep and prototype-polluting JSON', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  const postRaw = (path: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer<unknown>> =>
    send(`${platform.gatewayUrl}${path}`, { method: 'POST', headers, body });

  describe('rate limits (tiny ones, set for this test only)', () => {
    let gateway: INestApplication;
    let query: INestApplication;
    let gatewayUrl: string;

    beforeAll(async () => {
      // Behind a "proxy" (trusted X-Forwarded-For), each test sends from addresses of its own.
      gateway = await startGateway({ ...platform.env, GATEWAY_TRUST_PROXY: 'true', GATEWAY_RATE_LIMIT_PER_IP: '6', GATEWAY_RATE_LIMIT_PER_KEY: '2' });
      query = await startQuery({ ...platform.env, QUERY_RATE_LIMIT_PER_IP: '2' });
      gatewayUrl = await urlOf(gateway);
    });

    afterAll(async () => {
      await gateway?.close();
      await query?.close();
    });

    const track = (from: string, headers: Record<string, string> = {}) =>
      send(`${gatewayUrl}/v1/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from, ...headers },
        body: JSON.stringify({ userId: 'u1', event: 'Limited', messageId: randomUUID() }),
      });

    function expectTooMany(answer: Answer<unknown>, client: RegExp): void {
      expect(answer.status).toBe(429);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(answer.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(answer.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(client) });
    }

    it('answers 429 with Retry-After, in the error shape and readable by a browser, once an address is over its limit', async () => {
      for (let request = 1; request <= 6; request++) expect((await track('203.0.113.1')).status).toBe(200);
      const refused = await track('203.0.113.1', { origin: 'https://app.example.com' });
      expectTooMany(refused, /^Too many requests from this address: over 6 per 60 s; retry after \d+ s$/);
      expect(refused.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await track('203.0.113.99')).status).toBe(200);
    });

    it('limits each write key on its own, from one address: Basic auth as Segment sends it, X-Write-Key otherwise', async () => {
      const from = '203.0.113.2';
      const posthog = (key: string) =>
        send(`${gatewayUrl}/capture`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': from, 'x-write-key': key },
          body: JSON.stringify({ api_key: key, event: 'Limited', distinct_id: 'u1', uuid: randomUUID() }),
        });
      expect([(await track(from, { authorization: basicAuth('key-a') })).status, (await track(from, { authorization: basicAuth('key-a') })).status]).toEqual([200, 200]);
      expectTooMany(await track(from, { authorization: basicAuth('key-a') }), /^Too many requests with this write key: over 2 per 60 s/);
      expect([(await posthog('key-b')).status, (await posthog('key-b')).status]).toEqual([200, 200]);
      expectTooMany(await posthog('key-b'), /^Too many requests with this write key/);
    });

    it('never limits the probes or Swagger, and counts refusals by reason in the metrics', async () => {
      for (let request = 0; request < 10; request++) {
        for (const path of ['/health', '/swagger-json']) expect((await send(`${gatewayUrl}${path}`, { headers: { 'x-forwarded-for': '203.0.113.1' } })).status).toBe(200);
      }
      const metrics = (await send<string>(`${await managementUrlOf(gateway)}/metrics`)).body;
      expect(metrics).toMatch(/^tributary_requests_rate_limited_total\{reason="per_ip"\} [1-9]/m);
      expect(metrics).toMatch(/^tributary_requests_rate_limited_total\{reason="per_write_key"\} [2-9]/m);
    });

    it('limits the query app per address too, but for its probes and Swagger', async () => {
      const queryUrl = await urlOf(query);
      const read = () => send(`${queryUrl}/events/metrics?event_name=Limited`);
      expect([(await read()).status, (await read()).status]).toEqual([200, 200]);
      expectTooMany(await read(), /^Too many requests from this address: over 2 per 60 s/);
      for (const path of ['/health', '/ready', '/swagger', '/swagger-json']) expect([path, (await send(`${queryUrl}${path}`)).status]).toEqual([path, 200]);
      expect((await send<string>(`${await managementUrlOf(query)}/metrics`)).body).toMatch(/^tributary_requests_rate_limited_total\{reason="per_ip"\} 1$/m);
    });
  });

  describe('security headers', () => {
    it("are on every app's answers: nosniff, a frame policy, a content security policy; no X-Powered-By", async () => {
      const answers = [
        await postRaw('/events', JSON.stringify({ name: 'headers', channel_type: 'web' })),
        await send(`${platform.gatewayUrl}/no-such-path`),
        await send(`${platform.queryUrl}/events/metrics?event_name=headers`),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([202, 404, 200]);
      for (const { headers } of answers) {
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(headers.get('x-powered-by')).toBeNull();
      }
    });

    it.each(['gateway', 'query'])("leave the %s's Swagger UI working: its page, every script and style it loads under the policy, and the document", async (app) => {
      const baseUrl = app === 'gateway' ? platform.gatewayUrl : platform.queryUrl;
      const page = await send<string>(`${baseUrl}/swagger`);
      expect([page.status, page.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^text\/html/)]);
      expect(page.body).toContain('<div id="swagger-ui"></div>');
      const policy = directivesOf(page.headers.get('content-security-policy') ?? '');
      expect(policy.get('upgrade-insecure-requests')).toBeUndefined();
      const scripts = [...page.body.matchAll(/<script([^>]*)>/g)].map(([, attributes]) => /src="([^"]+)"/.exec(attributes)?.[1]);
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts).not.toContain(undefined);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      // Its inline <style> blocks and style attributes, and the data: URLs of its icons.
      expect(policy.get('style-src')).toContain("'unsafe-inline'");
      expect(policy.get('img-src')).toContain('data:');
      const styles = [...page.body.matchAll(/<link rel="stylesheet"[^>]* href="([^"]+)"/g)].map(([, href]) => href);
      for (const file of [...(scripts as string[]), ...styles]) {
        const url = new URL(file, `${baseUrl}/swagger`);
        expect(url.origin).toBe(new URL(baseUrl).origin);
        const loaded = await send<string>(url.href);
        expect([file, loaded.status, loaded.headers.get('content-type')]).toEqual([file, 200, expect.stringMatching(/javascript|css/)]);
      }
      const document = await send<{ openapi: string; paths: Record<string, unknown> }>(`${baseUrl}/swagger-json`);
      expect(document.status).toBe(200);
      expect(document.body.openapi).toMatch(/^3\./);
      expect(Object.keys(document.body.paths)).toContain(app === 'gateway' ? '/events' : '/events/metrics');
    });
  });

  describe('deeply nested JSON', () => {
    it('is taken up to the limit, and stored', async () => {
      // The body, its properties, then 62 levels more: 64 in all.
      const atTheLimit = `{"api_key":"phc_deep","event":"deep","distinct_id":"u1","properties":${nested(63)}}`;
      expect((await postRaw('/capture', atTheLimit)).status).toBe(200);
      await waitForCount(platform, 'deep', 1);
    });

    it('is refused 400 naming the body and the limit, at 65 levels as at 200,000, compressed or not', async () => {
      const refused = await postRaw('/events', nested(65));
      expectRefused(refused, 400, 'body', DEEPER_THAN_64);
      expect((refused.body as ErrorBody).message).toBe('Invalid body: body is nested deeper than the limit of 64 levels of arrays and objects');
      const bomb = gzipSync('['.repeat(200_000) + ']'.repeat(200_000));
      expectRefused(await postRaw('/v1/batch', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400, 'body', DEEPER_THAN_64);
    });

    it('is refused in an NDJSON line, naming the event and its line, and in a posthog-js form, naming its data', async () => {
      const ndjson = `${JSON.stringify({ name: 'ok', channel_type: 'web' })}\n${nested(100)}\n`;
      expectRefused(await postRaw('/events/batch', ndjson, { 'content-type': 'application/x-ndjson' }), 400, 'events[1]', /^line 2 is nested deeper than the limit of 64/);
      const form = `data=${encodeURIComponent(nested(100))}`;
      expectRefused(await postRaw('/batch', form, { 'content-type': 'application/x-www-form-urlencoded' }), 400, 'data', DEEPER_THAN_64);
    });
  });

  describe('__proto__ and constructor.prototype keys', () => {
    const polluting = '{"polluted":true}';
    const ndjson = { 'content-type': 'application/x-ndjson' };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const posthogBatch = `{"api_key":"phc_k","batch":[{"event":"e","distinct_id":"u1","properties":{"__proto__":${polluting}}}]}`;

    // Written as text: an object literal's __proto__ would set its prototype, not make a key.
    it.each<[string, string, string, Record<string, string> | undefined, string]>([
      ["seed 000's JSON (by Content-Type)", '/events', `{"name":"p","channel_type":"web","__proto__":${polluting}}`, undefined, '__proto__'],
      ["seed 000's NDJSON (by Content-Type)", '/events/batch', `{"name":"p","channel_type":"web"}\n{"name":"p","channel_type":"web","__proto__":${polluting}}`, ndjson, 'events[1].__proto__'],
      ["seed 001's batch", '/events/bulk', `{"events":[{"event_name":"p","channel":"web","user_id":"u","timestamp":1732233600,"metadata":{"__proto__":${polluting}}}]}`, undefined, 'events[0].metadata.__proto__'],
      ["seed 002's JSON under any type", '/api/write', `{"event_name":"p","__proto__":${polluting}}`, { 'content-type': 'application/x-www-form-urlencoded' }, '__proto__'],
      ["seed 003's NDJSON", '/api/events', `{"event":"p","__proto__":${polluting}}`, ndjson, 'events[0].__proto__'],
      ["Segment's single call, whose body is spread with its path's type", '/v1/track', `{"__proto__":${polluting},"userId":"u1","event":"p"}`, undefined, '__proto__'],
      ["Segment's batch, escaped", '/v1/batch', `{"batch":[{"type":"track","userId":"u1","event":"p","properties":{"\\u005f_proto__":${polluting}}}]}`, undefined, 'batch[0].properties.__proto__'],
      ["PostHog's JSON", '/batch', posthogBatch, undefined, 'batch[0].properties.__proto__'],
      ["posthog-js's form of JSON", '/batch', `data=${encodeURIComponent(posthogBatch)}`, form, 'batch[0].properties.__proto__'],
      ["posthog-js's form of base64", '/e', `data=${encodeURIComponent(Buffer.from(posthogBatch).toString('base64'))}&compression=base64`, form, 'batch[0].properties.__proto__'],
      ['constructor.prototype', '/capture', `{"api_key":"phc_k","event":"e","distinct_id":"u1","properties":{"constructor":{"prototype":${polluting}}}}`, undefined, 'properties.constructor'],
    ])('%s: refused 400 naming the key, nothing polluted', async (_reading, path, body, headers, field) => {
      expectRefused(await postRaw(path, body, headers), 400, field, PROTOTYPE_KEY);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    });

    it('keeps constructor as any other key where it holds no prototype, stored as sent', async () => {
      const properties = '{"constructor":"Ferrari","team":{"constructor":{"name":"Scuderia"}}}';
      const event = `{"api_key":"phc_constructor","event":"constructors","distinct_id":"u1","properties":${properties}}`;
      expect((await postRaw('/capture', event)).status).toBe(200);
      await waitForCount(platform, 'constructors', 1);
      const rows = await storedRows<{ properties: string }>(platform, "SELECT properties FROM events FINAL WHERE name = 'constructors'");
      expect(JSON.parse(rows[0].properties)).toEqual(JSON.parse(properties));
    });
  });
});

/** A Content-Security-Policy header's directives, each with its values. */
function directivesOf(header: string): Map<string, string[]> {
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}
