import { validatePayload } from '../accept-payload';
import { payloadsOfBody } from '../payloads-of-body';
import { SourceRoute } from '../source';
import { SEGMENT_SOURCE } from './segment.source';

const validate = (raw: unknown, path = '') => validatePayload(SEGMENT_SOURCE, raw, path);

function errorsOf(raw: unknown, path = ''): Array<{ field: string; reason: string }> {
  const result = validate(raw, path);
  if (result.ok) throw new Error('expected the message to be refused');
  return result.errors;
}

function routeOf(path: string): SourceRoute {
  const route = SEGMENT_SOURCE.routes.find((candidate) => candidate.paths.includes(path));
  if (!route) throw new Error(`no route for ${path}`);
  return route;
}

/** As @segment/analytics-node 3.1 posts it (captured from the SDK). */
const analyticsNodeTrack = {
  timestamp: '2026-11-30T18:51:38.485Z',
  integrations: {},
  event: 'Order Completed',
  type: 'track',
  properties: { revenue: 10 },
  context: { library: { name: '@segment/analytics-node', version: '3.1.0' } },
  userId: 'u1',
  messageId: 'node-next-1796064698485-9f26d043-3586-4d64-b684-748253e35f74',
  _metadata: { nodeVersion: 'v20.20.2', jsRuntime: 'node' },
};

/** As @rudderstack/rudder-sdk-node 3.0 posts it (captured from the SDK). */
const rudderIdentify = {
  userId: 'u1',
  traits: { email: 'a@b.c' },
  context: { traits: { email: 'a@b.c' }, library: { name: 'analytics-node', version: '3.0.13' } },
  type: 'identify',
  channel: 'server',
  _metadata: { nodeVersion: '20.20.2' },
  originalTimestamp: '2026-11-30T18:51:38.637Z',
  messageId: 'c325340f-f444-4009-8152-e0348bdb4a3c',
  sentAt: '2026-11-30T18:51:38.662Z',
};

/** A browser page call as RudderStack's JavaScript SDK sends it: empty strings and nulls where it knows nothing. */
const rudderJsPage = {
  channel: 'web',
  context: {
    app: { name: 'RudderLabs JavaScript SDK', namespace: 'com.rudderlabs.javascript', version: '3.7.0' },
    library: { name: 'RudderLabs JavaScript SDK', version: '3.7.0' },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    os: { name: '', version: '' },
    locale: 'en-US',
    page: { path: '/pricing', url: 'https://example.com/pricing?plan=pro', referrer: '$direct', title: 'Pricing', search: '?plan=pro' },
  },
  type: 'page',
  messageId: 'a9b3ec27-7b1e-4b5e-9f0a-9b1b2d9e3c11',
  originalTimestamp: '2024-01-15T10:30:00.000Z',
  anonymousId: 'b1b2c3d4-anon',
  userId: '',
  event: null,
  properties: { name: 'Pricing', path: '/pricing', url: 'https://example.com/pricing?plan=pro', title: 'Pricing' },
  integrations: { All: true },
  name: 'Pricing',
  sentAt: '2024-01-15T10:30:01.000Z',
};

describe("Segment's message schema", () => {
  it('accepts the messages analytics-node, rudder-sdk-node and RudderStack JS send, unchanged', () => {
    for (const message of [analyticsNodeTrack, rudderIdentify, rudderJsPage]) expect(validate(message)).toEqual({ ok: true, value: message });
  });

  it('accepts numbers as user ids, as RudderStack and analytics-node 6 do, and a null userId beside an anonymousId', () => {
    expect(validate({ type: 'identify', userId: 42 }).ok).toBe(true);
    expect(validate({ type: 'page', userId: null, anonymousId: 'a1' }).ok).toBe(true);
  });

  it('requires a userId or an anonymousId, neither null nor empty, in one error', () => {
    const { userId: _u, ...anonymous } = analyticsNodeTrack;
    expect(errorsOf(anonymous, 'batch[3]')).toEqual([{ field: 'batch[3]', reason: 'must have a userId or an anonymousId (neither is empty)' }]);
    expect(errorsOf({ ...anonymous, userId: '', anonymousId: null })).toEqual([{ field: 'event', reason: 'must have a userId or an anonymousId (neither is empty)' }]);
  });

  it('requires the event of a track call only', () => {
    const { event: _e, ...nameless } = analyticsNodeTrack;
    expect(errorsOf(nameless, 'batch[0]')).toEqual([{ field: 'batch[0]', reason: 'must have an event, the name of the track call' }]);
    expect(errorsOf({ ...nameless, event: null })).toHaveLength(1);
    expect(validate({ ...nameless, type: 'page' }).ok).toBe(true);
  });

  it('names a missing or unknown type and the allowed ones', () => {
    expect(errorsOf({ userId: 'u1', event: 'x' })).toEqual([{ field: 'type', reason: 'is required' }]);
    expect(errorsOf({ ...analyticsNodeTrack, type: 'Track' })).toEqual([{ field: 'type', reason: 'must be one of track, identify, page, screen, group, alias' }]);
  });

  it('bounds the fields that become columns and keys', () => {
    const errors = errorsOf({ ...analyticsNodeTrack, event: 'e'.repeat(129), messageId: 'm'.repeat(129), userId: 'u'.repeat(257), channel: 'c'.repeat(129) });
    expect(errors).toEqual([
      { field: 'messageId', reason: 'must be at most 128 characters long' },
      { field: 'event', reason: 'must be at most 128 characters long' },
      { field: 'userId', reason: 'must be a string of at most 256 characters, or a number' },
      { field: 'channel', reason: 'must be at most 128 characters long' },
    ]);
  });

  it('names wrong types of ids, objects and the write key', () => {
    expect(errorsOf({ ...analyticsNodeTrack, anonymousId: { id: 1 }, properties: [1], context: 'web', writeKey: '' })).toEqual([
      { field: 'anonymousId', reason: 'must be a string of at most 256 characters, or a number' },
      { field: 'properties', reason: 'must be an object' },
      { field: 'context', reason: 'must be an object' },
      { field: 'writeKey', reason: 'must not be empty' },
    ]);
  });

  it('takes any client time: an unreadable or 1970 clock dates the event on receipt instead of losing it', () => {
    expect(validate({ ...analyticsNodeTrack, timestamp: '1970-01-01T00:00:05Z', sentAt: 'yesterday' }).ok).toBe(true);
  });

  it('refuses a message over 32 KB, as Segment documents', () => {
    const [error] = errorsOf({ ...analyticsNodeTrack, properties: { blob: 'x'.repeat(32 * 1024) } }, 'batch[1]');
    expect(error).toEqual({ field: 'batch[1]', reason: expect.stringMatching(/over the limit of 32768$/) });
  });
});

describe("Segment's routes", () => {
  it("reads a batch whatever else the SDKs put beside it (analytics-go's type and messageId, analytics-java's sequence)", () => {
    const route = routeOf('/v1/batch');
    const batch = { batch: [analyticsNodeTrack], writeKey: 'k', sentAt: '2026-11-30T18:51:38.488Z', timestamp: '2026-11-30T18:51:38.488Z', context: {}, integrations: {} };
    expect(payloadsOfBody(route, batch)).toEqual({ ok: true, value: { payloads: [analyticsNodeTrack], paths: ['batch[0]'] } });
    expect(payloadsOfBody(route, { type: 'batch', messageId: 'b-1', sequence: 3, batch: [analyticsNodeTrack], somethingNew: true }).ok).toBe(true);
  });

  it('refuses a body that is not a Segment batch, naming the field', () => {
    const route = routeOf('/v1/batch');
    expect(payloadsOfBody(route, { events: [analyticsNodeTrack] })).toEqual({ ok: false, errors: [{ field: 'batch', reason: 'is required' }] });
    expect(payloadsOfBody(route, { batch: analyticsNodeTrack })).toEqual({ ok: false, errors: [{ field: 'batch', reason: 'must be an array of events' }] });
    expect(payloadsOfBody(route, { batch: [analyticsNodeTrack], writeKey: 7 })).toEqual({ ok: false, errors: [{ field: 'writeKey', reason: 'must be a string' }] });
  });

  it('takes up to 2,500 messages a batch, as Segment does, and refuses more in a 400 that says so', () => {
    const route = routeOf('/v1/b');
    expect(payloadsOfBody(route, { batch: Array(2500).fill(analyticsNodeTrack) }).ok).toBe(true);
    expect(payloadsOfBody(route, { batch: Array(2501).fill(analyticsNodeTrack) })).toEqual({
      ok: false,
      errors: [{ field: 'batch', reason: 'has 2501 events, over the limit of 2500' }],
    });
  });

  it('gives a single call the type of its path, unless the message says its own', () => {
    const { type: _t, ...untyped } = analyticsNodeTrack;
    expect(payloadsOfBody(routeOf('/v1/track'), untyped)).toEqual({ ok: true, value: { payloads: [{ type: 'track', ...untyped }], paths: [''] } });
    expect(payloadsOfBody(routeOf('/v1/p'), { userId: 'u1' })).toMatchObject({ value: { payloads: [{ type: 'page', userId: 'u1' }] } });
    expect(payloadsOfBody(routeOf('/v1/t'), analyticsNodeTrack)).toMatchObject({ value: { payloads: [analyticsNodeTrack] } });
    expect(payloadsOfBody(routeOf('/v1/identify'), 'text')).toMatchObject({ value: { payloads: ['text'] } });
  });

  it("documents a single call's body as its path reads it: no type needed, a track call's event required", () => {
    const documented = (path: string, body: object) => validatePayload(SEGMENT_SOURCE, body, '', undefined, routeOf(path)).ok;
    const accepted = (path: string, body: object) => {
      const found = payloadsOfBody(routeOf(path), body);
      return found.ok && validate(found.value.payloads[0]).ok;
    };
    const bodies: Array<[string, object]> = [
      ['/v1/track', { userId: 'u1' }],
      ['/v1/track', { userId: 'u1', event: 'Signed Up' }],
      ['/v1/t', { userId: 'u1', type: 'identify' }],
      ['/v1/identify', { userId: 'u1' }],
      ['/v1/identify', { userId: 'u1', type: 'track' }],
      ['/v1/page', { type: 'unknown', userId: 'u1' }],
      ['/v1/a', {}],
    ];
    expect(bodies.map(([path, body]) => documented(path, body))).toEqual([false, true, true, true, false, false, false]);
    expect(bodies.map(([path, body]) => documented(path, body))).toEqual(bodies.map(([path, body]) => accepted(path, body)));
  });

  it('answers what Segment answers: 200 {"success": true}, on every path, reading JSON whatever the Content-Type', () => {
    const paths = SEGMENT_SOURCE.routes.flatMap((route) => route.paths).sort();
    expect(paths).toEqual(['/v1/a', '/v1/alias', '/v1/b', '/v1/batch', '/v1/g', '/v1/group', '/v1/i', '/v1/identify', '/v1/p', '/v1/page', '/v1/s', '/v1/screen', '/v1/t', '/v1/track']);
    for (const route of SEGMENT_SOURCE.routes) {
      expect([route.status, route.respond([], { receivedAt: new Date() }), route.reading]).toEqual([200, { success: true }, 'json']);
    }
  });

  it("documents examples that its own schema accepts", () => {
    for (const route of SEGMENT_SOURCE.routes) {
      for (const example of Object.values(route.examples ?? {})) {
        const found = payloadsOfBody(route, example);
        if (!found.ok) throw new Error(JSON.stringify(found.errors));
        for (const payload of found.value.payloads) expect(validate(payload)).toMatchObject({ ok: true });
      }
    }
  });
});
