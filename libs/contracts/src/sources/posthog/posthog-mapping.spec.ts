import { CANONICAL_EVENT_SCHEMA } from '../../event/canonical-event.schema';
import { eventTimeOf } from '../../event/event-time';
import { compileSchema } from '../../schema/compile-schema';
import { canonicalEventOf } from '../accept-payload';
import { Receipt } from '../source';
import { POSTHOG_JS_AUTOCAPTURE, POSTHOG_JS_PAGEVIEW, POSTHOG_NODE_BATCH } from './posthog.fixture';
import { posthogIdOf } from './posthog-id';
import { channelOfLib, posthogReceiptOf } from './posthog-mapping';
import { POSTHOG_SOURCE } from './posthog.source';

const receivedAt = new Date('2024-01-15T10:30:02Z');
const receipt: Receipt = { receivedAt, clientIp: '198.51.100.4', userAgent: 'posthog-node/5.70.0', project: 'shop', sentAt: '2024-01-15T10:30:01.000Z' };
const canonical = (event: object, overrides: Partial<Receipt> = {}) => canonicalEventOf(POSTHOG_SOURCE, event, { ...receipt, ...overrides });
const [nodeEvent, nodeIdentify] = POSTHOG_NODE_BATCH.batch;

describe("PostHog's mapping to the canonical event", () => {
  it("maps posthog-node's event: name, user, uuid as the key, time, the server channel, properties kept whole", () => {
    expect(canonical(nodeEvent)).toEqual({
      id: posthogIdOf(nodeEvent.uuid, 'shop'),
      source: 'posthog',
      project: 'shop',
      name: 'signed up',
      channel: 'server',
      event_id: nodeEvent.uuid,
      user_id: 'u1',
      time: '2026-11-30T18:51:38.728Z',
      sent_at: '2024-01-15T10:30:01.000Z',
      ip: '198.51.100.4',
      user_agent: 'posthog-node/5.70.0',
      properties: nodeEvent.properties,
    });
    expect(canonical(nodeIdentify)).toMatchObject({ name: '$identify', properties: { $set: { email: 'a@b.c' } } });
  });

  it("maps posthog-js's $pageview: page, device and browser fields, the browser's agent, the title, and no referrer for $direct", () => {
    const event = canonical(POSTHOG_JS_PAGEVIEW);
    expect(event).toMatchObject({
      name: '$pageview',
      channel: 'web',
      user_id: '018d0c5a-anon',
      anonymous_id: '018d0c5a-anon',
      time: '2024-01-15T10:30:00.123Z',
      user_agent: POSTHOG_JS_PAGEVIEW.properties?.$raw_user_agent,
      page_url: 'https://example.com/pricing?plan=pro',
      page_path: '/pricing',
      device: { category: 'Desktop', operating_system: 'Mac OS X', operating_system_version: '10.15.7', browser_name: 'Chrome', browser_version: '120', language: 'en-US', hostname: 'example.com' },
      event_params: [{ key: 'page_title', string_value: 'Pricing' }],
      properties: POSTHOG_JS_PAGEVIEW.properties,
    });
    expect(event.page_referrer).toBeUndefined();
  });

  it("maps a mobile SDK's device and app, a real referrer, and the path and host from the URL", () => {
    const event = canonical({
      event: 'Checkout',
      distinct_id: 'u9',
      properties: {
        $lib: 'posthog-ios',
        $device_manufacturer: 'Apple',
        $device_model: 'iPhone15,2',
        $device_type: 'Mobile',
        $os: 'iOS',
        $os_version: '17.2',
        $locale: 'de-DE',
        $app_namespace: 'com.example.shop',
        $app_version: '4.2.0',
        $current_url: 'https://shop.example.com/cart?x=1',
        $referrer: 'https://google.com/',
        $ip: '203.0.113.9',
      },
    });
    expect(event).toMatchObject({
      channel: 'mobile',
      ip: '203.0.113.9',
      page_path: '/cart',
      page_referrer: 'https://google.com/',
      device: { category: 'Mobile', mobile_brand_name: 'Apple', mobile_model_name: 'iPhone15,2', operating_system: 'iOS', operating_system_version: '17.2', language: 'de-DE', hostname: 'shop.example.com' },
      app: { id: 'com.example.shop', version: '4.2.0' },
    });
    expect(event.event_params).toBeUndefined();
  });

  it('takes the user from the top before the properties, a number as text', () => {
    expect(canonical({ event: 'e', distinct_id: 23, properties: { distinct_id: 'p' } }).user_id).toBe('23');
    expect(canonical({ event: 'e', $distinct_id: 'd', properties: { distinct_id: 'p' } }).user_id).toBe('d');
    expect(canonical({ event: 'e', distinct_id: null, properties: { distinct_id: 'p' } }).user_id).toBe('p');
  });

  it('has no key without a uuid, and dates an event with an unreadable or 1970 time on receipt', () => {
    const event = canonical({ event: 'e', distinct_id: 'u1', uuid: '', timestamp: '1970-01-01T00:00:00Z' });
    expect([event.id, event.event_id, event.time]).toEqual([undefined, undefined, undefined]);
    expect(canonical({ event: 'e', distinct_id: 'u1', timestamp: 1705314600 }).time).toBeUndefined();
  });

  it("leaves an event with $ignore_sent_at: true without its batch's send time, so its time is its timestamp, uncorrected", () => {
    const ignoring = canonical({ ...nodeEvent, timestamp: '2024-01-15T10:29:00.000Z', properties: { $ignore_sent_at: true } });
    expect(ignoring).toMatchObject({ time: '2024-01-15T10:29:00.000Z', properties: { $ignore_sent_at: true } });
    expect(ignoring.sent_at).toBeUndefined();
    expect(eventTimeOf(ignoring, receivedAt).toISOString()).toBe('2024-01-15T10:29:00.000Z');
    // PostHog reads only the boolean true: any other value leaves the correction on (+1 s here).
    for (const value of ['true', 1, false]) {
      const corrected = canonical({ ...nodeEvent, timestamp: '2024-01-15T10:29:00.000Z', properties: { $ignore_sent_at: value } });
      expect([corrected.sent_at, eventTimeOf(corrected, receivedAt).toISOString()]).toEqual(['2024-01-15T10:30:01.000Z', '2024-01-15T10:29:01.000Z']);
    }
  });

  it("dates posthog-js's queued events, which carry an offset instead of a timestamp, that long before their receipt, uncorrected", () => {
    const queued = canonical({ event: '$pageview', distinct_id: 'u1', offset: 1520 });
    expect([queued.time, queued.sent_at]).toEqual(['2024-01-15T10:30:00.480Z', undefined]);
    expect(eventTimeOf(queued, receivedAt).toISOString()).toBe('2024-01-15T10:30:00.480Z');
    expect(canonical({ event: 'e', distinct_id: 'u1', offset: -5 }).time).toBeUndefined();
    expect(canonical({ event: 'e', distinct_id: 'u1', offset: 'soon' }).time).toBeUndefined();
    expect(canonical({ event: 'e', distinct_id: 'u1', timestamp: '2024-01-15T10:29:00.000Z', offset: 1520 }).time).toBe('2024-01-15T10:29:00.000Z');
  });

  it('gives canonical events the writer takes, from real events and from values at their bounds', () => {
    const validCanonical = compileSchema(CANONICAL_EVENT_SCHEMA);
    const long = 'ü'.repeat(5000);
    const events = [
      nodeEvent,
      nodeIdentify,
      POSTHOG_JS_PAGEVIEW,
      POSTHOG_JS_AUTOCAPTURE,
      {
        event: 'e'.repeat(128),
        distinct_id: 'd'.repeat(256),
        uuid: 'ABCDEF01-2345-6789-ABCD-EF0123456789',
        properties: { $current_url: long, $pathname: long, $referrer: long, $raw_user_agent: long, $os: long, $browser_version: 1e21, $host: long, $device_id: long, $app_namespace: long, $ip: 'nope', $lib: long },
      },
    ];
    for (const event of events) expect(validCanonical(canonical(event))).toMatchObject({ ok: true });
  });

  it('maps $lib to the channel: web for posthog-js, mobile for the mobile SDKs, server for the rest', () => {
    expect(channelOfLib('web')).toBe('web');
    expect(channelOfLib('posthog-js-lite')).toBe('web');
    expect(channelOfLib('posthog-react-native')).toBe('mobile');
    expect(channelOfLib('posthog-android')).toBe('mobile');
    expect(channelOfLib('posthog-python')).toBe('server');
    expect(channelOfLib(undefined)).toBe('server');
  });
});

describe("PostHog's receipt: the project key and the batch's send time", () => {
  it("reads a batch's api_key (or token) and sent_at", () => {
    expect(posthogReceiptOf(POSTHOG_NODE_BATCH)).toEqual({ writeKey: 'ph-key', sentAt: '2026-11-30T18:51:38.729Z' });
    expect(posthogReceiptOf({ token: 'tok', batch: [] }).writeKey).toBe('tok');
  });

  it("keeps no send time for a historical import, as PostHog corrects none of its times", () => {
    expect(posthogReceiptOf({ ...POSTHOG_NODE_BATCH, historical_migration: true })).toEqual({ writeKey: 'ph-key', sentAt: undefined });
    expect(posthogReceiptOf({ ...POSTHOG_NODE_BATCH, sent_at: undefined, historical_migration: true }, {}, { _: '1705314601000' }).sentAt).toBeUndefined();
  });

  it("takes posthog-js's send time from the query string (Unix ms: `_` in older versions, `sent_at`) when the body has none", () => {
    const bare = [POSTHOG_JS_PAGEVIEW];
    expect(posthogReceiptOf(bare, {}, { _: '1705314601000', ver: '1.160.0', compression: 'base64' }).sentAt).toBe('2024-01-15T10:30:01.000Z');
    expect(posthogReceiptOf(bare, {}, { sent_at: '1705314601500' }).sentAt).toBe('2024-01-15T10:30:01.500Z');
    expect(posthogReceiptOf(bare, {}, { _: ['1705314601000', '1'] }).sentAt).toBe('2024-01-15T10:30:01.000Z');
    expect(posthogReceiptOf(POSTHOG_NODE_BATCH, {}, { _: '1705314601000' }).sentAt).toBe(POSTHOG_NODE_BATCH.sent_at);
    for (const junk of ['', 'soon', '1705314601.5', '-1', '1', '99999999999999']) expect(posthogReceiptOf(bare, {}, { _: junk }).sentAt).toBeUndefined();
  });

  it("reads one event's own key, or posthog-js's properties.token, also of a batch without a key and of a bare array", () => {
    expect(posthogReceiptOf({ api_key: 'single', ...nodeEvent }).writeKey).toBe('single');
    expect(posthogReceiptOf({ $token: 'dollar', ...nodeEvent }).writeKey).toBe('dollar');
    expect(posthogReceiptOf(POSTHOG_JS_PAGEVIEW).writeKey).toBe('phc_web_key');
    expect(posthogReceiptOf({ batch: [POSTHOG_JS_PAGEVIEW] }).writeKey).toBe('phc_web_key');
    expect(posthogReceiptOf([POSTHOG_JS_AUTOCAPTURE, POSTHOG_JS_PAGEVIEW])).toEqual({ writeKey: 'phc_web_key', sentAt: undefined });
    expect(posthogReceiptOf([{ event: 'e' }]).writeKey).toBeUndefined();
  });
});
