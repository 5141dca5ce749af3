import { POSTHOG_EVENT_SCHEMA } from '@tributary/contracts';
import { PostHog } from 'posthog-node';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Answer, metricsOf, postJson, send, settledCount, startPlatform, storedRows, TestPlatform, waitForCount } from '../../support/platform';

interface StoredRow {
  name: string;
  channel_type: string;
  project: string;
  user_id: string;
  event_id: string | null;
  event_time: string;
  client_timestamp: string | null;
  sent_at: string | null;
  page_url: string;
  page_path: string;
  device_browser_name: string;
  properties: Record<string, unknown>;
}

interface ErrorBody {
  errors: Array<{ field: string; reason: string }>;
}

/** Exactly what PostHog answers: posthog-js retries any other status, which would duplicate the events. */
const ACCEPTED = expect.objectContaining({ status: 200, body: { status: 1 } });

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** posthog-js's base64 compression, as its sendBeacon posts it: 'data=' + encodeURIComponent(base64 of the JSON's UTF-8). */
const beaconBody = (data: unknown): string => `data=${encodeURIComponent(Buffer.from(JSON.stringify(data)).toString('base64'))}`;

/** An instant as ClickHouse returns a DateTime64(3, 'UTC') column in JSONEachRow. */
const stored = (instant: number | string): string => new Date(instant).toISOString().replace('T', ' ').replace('Z', '');

describe("PostHog's capture protocol, from the real SDK to ClickHouse", () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  /**
   * The stored rows of these event names (each test sends its own). Keys are off here, the
   * default: every event is project default whatever api_key it carries (auth.e2e-spec.ts runs keys).
   */
  async function rowsOf(...names: string[]): Promise<StoredRow[]> {
    const rows = await storedRows<StoredRow & { properties: string }>(
      platform,
      `SELECT name, channel_type, project, user_id, event_id, event_time, client_timestamp, sent_at, page_url, page_path, device_browser_name, properties
                FROM events FINAL WHERE name IN {names:Array(String)} ORDER BY name, user_id`,
      { names },
    );
    return rows.map((row) => ({ ...row, properties: JSON.parse(row.properties) }));
  }


  const post = (path: string, init: RequestInit): Promise<Answer<unknown>> => send(`${platform.gatewayUrl}${path}`, { method: 'POST', ...init });

  it('posthog-node (option `host`), gzip by default: captures and an identify, each counted once under its api_key', async () => {
    const errors: unknown[] = [];
    const posthog = new PostHog('phc_node_key', { host: platform.gatewayUrl, flushAt: 2, flushInterval: 100, fetchRetryCount: 0 });
    posthog.on('error', (error) => errors.push(error));
    posthog.capture({ distinctId: 'node-user-1', event: 'node capture', properties: { plan: 'pro', cart: { items: [{ sku: 'A-1', price: 9.5 }] } } });
    posthog.capture({ distinctId: 'node-user-2', event: 'node capture', properties: { plan: 'free' } });
    posthog.capture({ distinctId: 'node-user-3', event: 'node capture' });
    posthog.identify({ distinctId: 'node-user-1', properties: { email: 'node@example.com' } });
    await posthog.shutdown(15_000);
    expect(errors).toEqual([]);

    expect(await settledCount(platform, 'node capture', 3)).toBe(3);
    expect((await metricsOf(platform, { event_name: '$identify' })).total_count).toBe(1);
    const rows = await rowsOf('$identify', 'node capture');
    expect(rows.map(({ name, channel_type, user_id }) => [name, channel_type, user_id])).toEqual([
      ['$identify', 'server', 'node-user-1'],
      ['node capture', 'server', 'node-user-1'],
      ['node capture', 'server', 'node-user-2'],
      ['node capture', 'server', 'node-user-3'],
    ]);
    expect(rows[0].properties).toMatchObject({ $set: { email: 'node@example.com' }, $lib: 'posthog-node' });
    expect(rows[1].properties).toMatchObject({ plan: 'pro', cart: { items: [{ sku: 'A-1', price: 9.5 }] } });
    expect(rows.every((row) => row.event_id !== null && row.client_timestamp !== null && row.sent_at !== null && row.project === 'default')).toBe(true);
  });

  it("counts an SDK's retry of the same uuids once: posthog-js's gzip as text/plain, then the same batch as plain JSON", async () => {
    const batch = {
      api_key: 'phc_retry_key',
      batch: [
        { event: 'retried capture', distinct_id: 'u1', uuid: randomUUID(), timestamp: '2024-01-15T10:30:00.000Z', properties: { $lib: 'web' } },
        { event: 'retried capture', distinct_id: 'u2', uuid: randomUUID(), timestamp: '2024-01-15T10:30:01.000Z', properties: { $lib: 'web' } },
      ],
      sent_at: '2024-01-15T10:30:02.000Z',
    };
    expect(await post('/e/', { headers: { 'content-type': 'text/plain' }, body: gzipSync(JSON.stringify(batch)) })).toEqual(ACCEPTED);
    await waitForCount(platform, 'retried capture', 2);
    expect(await postJson(`${platform.gatewayUrl}/batch/`, batch)).toEqual(ACCEPTED);
    expect(await settledCount(platform, 'retried capture', 2)).toBe(2);
    expect((await rowsOf('retried capture')).map((row) => row.channel_type)).toEqual(['web', 'web']);
  });

  it('takes one event with its api_key and a bare array of events (older posthog-js) on every capture path, answering exactly 200 {"status":1}', async () => {
    const paths = ['/batch', '/batch/', '/e', '/e/', '/i/v0/e', '/i/v0/e/', '/capture', '/capture/', '/track', '/track/'];
    for (const [index, path] of paths.entries()) {
      const single = { api_key: 'phc_shapes_key', event: 'shaped capture', distinct_id: `single-${index}`, uuid: randomUUID() };
      const array = [{ event: 'shaped capture', uuid: randomUUID(), properties: { distinct_id: `array-${index}`, token: 'phc_shapes_key', $current_url: 'https://example.com/a?b=1', $browser: 'Firefox' } }];
      expect(await postJson(`${platform.gatewayUrl}${path}`, single)).toEqual(ACCEPTED);
      expect(await post(path, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify(array) })).toEqual(ACCEPTED);
    }
    // posthog-python's batch: its own sentAt beside api_key.
    const python = { batch: [{ event: 'shaped capture', distinct_id: 'python', uuid: randomUUID(), properties: { $lib: 'posthog-python' } }], sentAt: '2024-01-15T10:30:00.000000+00:00', api_key: 'phc_shapes_key' };
    expect(await postJson(`${platform.gatewayUrl}/batch/`, python)).toEqual(ACCEPTED);
    expect(await settledCount(platform, 'shaped capture', 21)).toBe(21);
    const rows = await rowsOf('shaped capture');
    expect(rows).toHaveLength(21);
    expect(rows.find((row) => row.user_id === 'array-0')).toMatchObject({ page_url: 'https://example.com/a?b=1', page_path: '/a', device_browser_name: 'Firefox' });
  });

  it("takes posthog-js's sendBeacon bodies, a form of base64 JSON, from before and since it wrapped its events, counting a resend once", async () => {
    const clientNow = Date.now() - 60_000;
    const event = (user: string, version: string) => ({
      event: 'beacon capture',
      uuid: randomUUID(),
      timestamp: new Date(clientNow - 2_000).toISOString(),
      properties: { distinct_id: user, token: 'phc_beacon_key', $lib: 'web', $lib_version: version, $current_url: 'https://example.com/café?a=1+2' },
    });
    // Before the wrapping: a bare array, its send time in the query string as `_` (Unix ms), with the version and the compression.
    const older = { path: `/e/?_=${clientNow}&ver=1.160.0&compression=base64&beacon=1`, body: beaconBody([event('older-js', '1.160.0')]) };
    const current = {
      path: '/e/?compression=base64',
      body: beaconBody({ api_key: 'phc_beacon_key', batch: [event('current-js', '1.418.10')], sent_at: new Date(clientNow).toISOString() }),
    };
    for (const beacon of [older, current, older, current]) expect(await post(beacon.path, { headers: FORM, body: beacon.body })).toEqual(ACCEPTED);

    expect(await settledCount(platform, 'beacon capture', 2)).toBe(2);
    const rows = await rowsOf('beacon capture');
    expect(rows.map(({ user_id, channel_type, page_url, sent_at }) => [user_id, channel_type, page_url, sent_at])).toEqual([
      ['current-js', 'web', 'https://example.com/café?a=1+2', stored(clientNow)],
      ['older-js', 'web', 'https://example.com/café?a=1+2', stored(clientNow)],
    ]);
  });

  it("dates an event with $ignore_sent_at: true at its own timestamp, where its batch's sent_at corrects the other", async () => {
    const timestamp = new Date(Date.now() - 3_600_000).toISOString();
    const clockBehindMs = 600_000;
    const batch = {
      api_key: 'phc_ignore_key',
      batch: [
        { event: 'ignoring capture', distinct_id: 'ignoring', uuid: randomUUID(), timestamp, properties: { $ignore_sent_at: true } },
        { event: 'ignoring capture', distinct_id: 'corrected', uuid: randomUUID(), timestamp },
      ],
      sent_at: new Date(Date.now() - clockBehindMs).toISOString(),
    };
    expect(await postJson(`${platform.gatewayUrl}/batch/`, batch)).toEqual(ACCEPTED);
    expect(await settledCount(platform, 'ignoring capture', 2)).toBe(2);
    const [corrected, ignoring] = await rowsOf('ignoring capture');
    expect(ignoring).toMatchObject({ user_id: 'ignoring', event_time: stored(timestamp), client_timestamp: stored(timestamp), sent_at: null });
    expect(corrected).toMatchObject({ user_id: 'corrected', client_timestamp: stored(timestamp), sent_at: stored(batch.sent_at) });
    const correction = Date.parse(`${corrected.event_time}Z`) - Date.parse(timestamp);
    expect(correction).toBeGreaterThanOrEqual(clockBehindMs);
    expect(correction).toBeLessThan(clockBehindMs + 60_000);
  });

  it('keeps the valid events of a batch with an invalid one (posthog-node drops a whole batch on a 400)', async () => {
    const answer = await postJson(`${platform.gatewayUrl}/batch/`, {
      api_key: 'phc_mixed_key',
      batch: [
        { event: 'mixed capture', distinct_id: 'u1', uuid: randomUUID() },
        { event: 'mixed capture', uuid: randomUUID(), properties: { plan: 'no user' } },
        { event: 'mixed capture', distinct_id: 'u3', uuid: 'not-a-uuid' },
        { event: 'mixed capture', distinct_id: 'u4', uuid: randomUUID() },
      ],
    });
    expect(answer).toEqual(ACCEPTED);
    expect(await settledCount(platform, 'mixed capture', 2)).toBe(2);
    expect((await rowsOf('mixed capture')).map((row) => row.user_id)).toEqual(['u1', 'u4']);
  });

  it('drops an event over the size limit even when its gzip body is small', async () => {
    const big = { event: 'oversized capture', distinct_id: 'u1', uuid: randomUUID(), properties: { padding: 'x'.repeat(60 * 1024) } };
    const small = { event: 'oversized capture', distinct_id: 'u2', uuid: randomUUID() };
    const body = gzipSync(JSON.stringify({ api_key: 'phc_size_key', batch: [big, small] }));
    expect(body.length).toBeLessThan(2048);
    expect(await post('/batch/', { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body })).toEqual(ACCEPTED);
    expect(await settledCount(platform, 'oversized capture', 1)).toBe(1);
    expect((await rowsOf('oversized capture')).map((row) => row.user_id)).toEqual(['u2']);
  });

  it('answers 400 naming the field to a body that is not a PostHog body, or whose every event is invalid', async () => {
    const badKey = await postJson<ErrorBody>(`${platform.gatewayUrl}/batch`, { api_key: '', batch: [{ event: 'e', distinct_id: 'u' }] });
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors).toEqual([{ field: 'api_key', reason: 'must not be empty' }]);
    // Without `batch`, a body is one event, as PostHog reads it.
    const notPostHog = await postJson<ErrorBody>(`${platform.gatewayUrl}/e`, { name: 'page_view', user_id: 'u1' });
    expect(notPostHog.status).toBe(400);
    expect(notPostHog.body.errors).toEqual(expect.arrayContaining([{ field: 'event', reason: 'is required' }]));
    const noUser = await postJson<ErrorBody>(`${platform.gatewayUrl}/capture/`, { api_key: 'k', event: 'e' });
    expect(noUser.status).toBe(400);
    expect(noUser.body.errors).toEqual([{ field: 'event', reason: 'must have a distinct_id (or properties.distinct_id)' }]);
    const badBase64 = await post('/e/?compression=base64', { headers: FORM, body: 'data=eyJhcGlf%2A' });
    expect(badBase64).toMatchObject({ status: 400, body: { errors: [{ field: 'data', reason: 'is not valid base64, as compression=base64 says it is: "*" at offset 8 is not a base64 character' }] } });
  });

  it('documents every shape of a capture path in the OpenAPI document, with the very schema it validates against', async () => {
    type Operation = { requestBody: { content: Record<string, { schema: { oneOf?: unknown[] } }> } };
    const document = await send<{ paths: Record<string, { post: Operation }> }>(`${platform.gatewayUrl}/swagger-json`);
    const schema = document.body.paths['/i/v0/e'].post.requestBody.content['text/plain'].schema;
    expect(schema.oneOf).toEqual([expect.objectContaining({ required: ['batch'] }), POSTHOG_EVENT_SCHEMA]);
  });
});
