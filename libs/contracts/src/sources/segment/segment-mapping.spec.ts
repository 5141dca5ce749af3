import { CANONICAL_EVENT_SCHEMA } from '../../event/canonical-event.schema';
import { compileSchema } from '../../schema/compile-schema';
import { canonicalEventOf } from '../accept-payload';
import { Receipt } from '../source';
import { segmentIdOf } from './segment-id';
import { channelOfLibrary, segmentReceiptOf } from './segment-mapping';
import { SegmentMessage } from './segment-message';
import { SEGMENT_SOURCE } from './segment.source';

const receivedAt = new Date('2024-01-15T10:30:02Z');
const receipt: Receipt = { receivedAt, clientIp: '10.0.0.9', userAgent: 'analytics-node-next/latest', project: 'shop', sentAt: '2024-01-15T10:30:01.000Z' };
const canonical = (message: object, overrides: Partial<Receipt> = {}) => canonicalEventOf(SEGMENT_SOURCE, message, { ...receipt, ...overrides });

/** An analytics.js (analytics-next) page call from a browser, in its usual shape. */
const browserPage: SegmentMessage = {
  timestamp: '2024-01-15T10:29:59.500Z',
  integrations: {},
  type: 'page',
  properties: { path: '/pricing', referrer: 'https://google.com/', search: '', title: 'Pricing', url: 'https://example.com/pricing' },
  context: {
    page: { path: '/pricing', referrer: 'https://google.com/', search: '', title: 'Pricing', url: 'https://example.com/pricing' },
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    locale: 'de-DE',
    library: { name: 'analytics.js', version: 'npm:next-1.84.0' },
    timezone: 'Europe/Berlin',
    ip: '203.0.113.7',
  },
  messageId: 'ajs-next-1705314599500-4e1a3f42-0a0b-4c4d-8e8f-101112131415',
  anonymousId: '6f1b4c5e-anon',
  userId: null,
  writeKey: 'seg-key',
  sentAt: '2024-01-15T10:30:00.100Z',
  _metadata: { bundled: ['Segment.io'], unbundled: [] },
};

/** A screen call from a Segment mobile SDK (analytics-swift). */
const iosScreen: SegmentMessage = {
  type: 'screen',
  name: 'Checkout',
  userId: 'user-7',
  anonymousId: 'anon-7',
  messageId: 'C0FFEE00-1111-2222-3333-444455556666',
  timestamp: '2024-01-15T10:30:00.000Z',
  properties: { step: 2 },
  context: {
    library: { name: 'analytics-swift', version: '1.5.0' },
    device: { type: 'ios', manufacturer: 'Apple', model: 'iPhone15,2', id: 'dev-1' },
    os: { name: 'iOS', version: '17.2' },
    app: { name: 'Shop', namespace: 'com.example.shop', version: '4.2.0', build: 420 },
    locale: 'en-US',
  },
};

describe("Segment's mapping to the canonical event", () => {
  it('maps a track call: its event, kind, users, time, and properties kept whole', () => {
    const properties = { revenue: 14.99, items: [{ sku: 'A', qty: 2 }], nested: { deep: { value: true } } };
    const event = canonical({ type: 'track', event: 'Order Completed', userId: 'u1', messageId: 'm-1', properties, timestamp: '2024-01-15T10:29:58Z', context: { library: { name: '@segment/analytics-node' } } });
    expect(event).toEqual({
      id: segmentIdOf('m-1', 'shop'),
      source: 'segment',
      project: 'shop',
      name: 'Order Completed',
      channel: 'server',
      kind: 'track',
      event_id: 'm-1',
      user_id: 'u1',
      time: '2024-01-15T10:29:58.000Z',
      sent_at: '2024-01-15T10:30:01.000Z',
      ip: '10.0.0.9',
      user_agent: 'analytics-node-next/latest',
      properties,
    });
  });

  it("maps a browser page: the page's fields, title as a param, the browser's agent, address and language, and the message's own sentAt", () => {
    const event = canonical(browserPage);
    expect(event).toMatchObject({
      name: 'page',
      kind: 'page',
      channel: 'web',
      anonymous_id: '6f1b4c5e-anon',
      time: '2024-01-15T10:29:59.500Z',
      sent_at: '2024-01-15T10:30:00.100Z',
      ip: '203.0.113.7',
      user_agent: browserPage.context?.userAgent,
      page_url: 'https://example.com/pricing',
      page_path: '/pricing',
      page_referrer: 'https://google.com/',
      device: { language: 'de-DE', hostname: 'example.com' },
      event_params: [{ key: 'page_title', string_value: 'Pricing' }],
      properties: browserPage.properties,
    });
    expect(event.user_id).toBeUndefined();
  });

  it("names a page or screen by its name, and maps a mobile SDK's device, os and app", () => {
    expect(canonical(iosScreen)).toMatchObject({
      name: 'Checkout',
      kind: 'screen',
      channel: 'mobile',
      user_id: 'user-7',
      anonymous_id: 'anon-7',
      device: { category: 'ios', mobile_brand_name: 'Apple', mobile_model_name: 'iPhone15,2', operating_system: 'iOS', operating_system_version: '17.2', language: 'en-US' },
      app: { id: 'com.example.shop', version: '4.2.0' },
      properties: { step: 2 },
    });
    expect(canonical({ type: 'screen', userId: 'u1' }).name).toBe('screen');
  });

  it('names identify, group and alias by their type and keeps the traits of identify and group as the properties', () => {
    const traits = { email: 'a@b.c', plan: { tier: 'pro' } };
    expect(canonical({ type: 'identify', userId: 'u1', traits })).toMatchObject({ name: 'identify', kind: 'identify', properties: traits });
    expect(canonical({ type: 'group', userId: 'u1', groupId: 'g1', traits })).toMatchObject({ name: 'group', properties: traits });
    const alias = canonical({ type: 'alias', userId: 'u2', previousId: 'u1' });
    expect(alias).toMatchObject({ name: 'alias', kind: 'alias', user_id: 'u2' });
    expect(alias.properties).toBeUndefined();
  });

  it("maps RudderStack's message: its channel, originalTimestamp and per-message sentAt; a number id as text", () => {
    const event = canonical({ type: 'track', event: 'e', userId: 42, channel: 'server', originalTimestamp: '2024-01-15T10:29:00Z', sentAt: '2024-01-15T10:29:30Z', messageId: 'r-1' });
    expect(event).toMatchObject({ channel: 'server', user_id: '42', time: '2024-01-15T10:29:00.000Z', sent_at: '2024-01-15T10:29:30.000Z' });
  });

  it("reads a page call's own properties when the context has no page, and the path from the URL", () => {
    const event = canonical({ type: 'page', userId: 'u1', name: 'Docs', properties: { url: 'https://docs.example.com/a/b?q=1', referrer: 'https://x.y/' } });
    expect(event).toMatchObject({ name: 'Docs', page_url: 'https://docs.example.com/a/b?q=1', page_path: '/a/b', page_referrer: 'https://x.y/', device: { hostname: 'docs.example.com' } });
    expect(canonical({ type: 'track', event: 'e', userId: 'u1', properties: { url: 'https://x.y/' } }).page_url).toBeUndefined();
  });

  it("dates a message on receipt when its time is unreadable or outside 2000..2100, and ignores values of the wrong kind", () => {
    const event = canonical({ type: 'track', event: 'e', userId: 'u1', timestamp: '1970-01-01T00:00:12Z', sentAt: 'now', context: { ip: 'unknown', userAgent: 7, os: { name: '' } } }, { sentAt: undefined });
    expect(event.time).toBeUndefined();
    expect(event.sent_at).toBeUndefined();
    expect([event.ip, event.user_agent, event.device]).toEqual(['10.0.0.9', 'analytics-node-next/latest', undefined]);
  });

  it('cuts context strings to their columns, never through a surrogate pair, and keeps the properties whole', () => {
    const url = `https://example.com/${'é'.repeat(1100)}`;
    const emoji = '😀'.repeat(1100);
    const event = canonical({ type: 'page', userId: 'u1', properties: { url }, context: { page: { url, referrer: emoji }, device: { model: emoji } } });
    expect(Array.from(event.page_url ?? '')).toHaveLength(1024);
    expect(event.page_referrer).toBe('😀'.repeat(1024));
    expect(event.device?.mobile_model_name).toBe('😀'.repeat(256));
    expect(event.properties).toEqual({ url });
  });

  it("maps RudderStack's browser page: its channel, no referrer for $direct, nothing for empty strings", () => {
    const event = canonical({
      channel: 'web',
      type: 'page',
      name: 'Pricing',
      anonymousId: 'anon-1',
      userId: '',
      event: null,
      context: { os: { name: '', version: '' }, locale: 'en-US', page: { path: '/pricing', url: 'https://example.com/pricing', referrer: '$direct' }, app: { namespace: 'com.rudderlabs.javascript', version: '3.7.0' } },
    });
    expect(event).toMatchObject({ channel: 'web', name: 'Pricing', anonymous_id: 'anon-1', device: { language: 'en-US', hostname: 'example.com' } });
    expect([event.user_id, event.page_referrer, event.device?.operating_system]).toEqual([undefined, undefined, undefined]);
  });

  it('gives canonical events the writer takes, from every kind of call and from values at their bounds', () => {
    const validCanonical = compileSchema(CANONICAL_EVENT_SCHEMA);
    const long = 'x'.repeat(5000);
    const messages = [
      browserPage,
      iosScreen,
      { type: 'identify', userId: 'u'.repeat(256), traits: { a: 1 } },
      { type: 'alias', userId: 7, previousId: 'u1' },
      { type: 'track', event: 'e'.repeat(128), anonymousId: 'a', messageId: 'm'.repeat(128), channel: 'c'.repeat(128), context: { userAgent: long, locale: long, page: { url: long, path: long, referrer: long, title: long }, device: { type: long, model: long }, os: { name: long, version: 1e21 }, app: { namespace: long } } },
    ];
    for (const message of messages) expect(validCanonical(canonical(message))).toMatchObject({ ok: true });
  });

  it('uses the default channel of the library: web for analytics.js, mobile for the mobile SDKs, server otherwise', () => {
    expect(channelOfLibrary('analytics.js')).toBe('web');
    expect(channelOfLibrary('analytics-kotlin')).toBe('mobile');
    expect(channelOfLibrary('@segment/analytics-react-native')).toBe('mobile');
    expect(channelOfLibrary('analytics-python')).toBe('server');
    expect(channelOfLibrary(undefined)).toBe('server');
  });
});

describe("Segment's receipt: the write key and the batch's send time", () => {
  const basic = (text: string) => ({ authorization: `Basic ${Buffer.from(text).toString('base64')}` });

  it('reads the key from Basic auth, with or without the colon, before the body', () => {
    expect(segmentReceiptOf({ writeKey: 'body-key' }, basic('header-key:'))).toEqual({ writeKey: 'header-key', sentAt: undefined });
    expect(segmentReceiptOf({}, basic('old-key')).writeKey).toBe('old-key');
    expect(segmentReceiptOf({}, { authorization: 'basic   bG93ZXI6 ' }).writeKey).toBe('lower');
  });

  it("falls back to the body's writeKey without Basic auth (a Bearer token, none, an empty user)", () => {
    expect(segmentReceiptOf({ writeKey: 'body-key' }, { authorization: 'Bearer abc' }).writeKey).toBe('body-key');
    expect(segmentReceiptOf({ writeKey: 'body-key' }, {}).writeKey).toBe('body-key');
    expect(segmentReceiptOf({ writeKey: 'body-key' }, basic(':secret')).writeKey).toBe('body-key');
    expect(segmentReceiptOf([{ type: 'track' }], {}).writeKey).toBeUndefined();
  });

  it("reads the batch's sentAt as an instant, and only a readable one", () => {
    expect(segmentReceiptOf({ sentAt: '2024-01-15T11:30:01+01:00' }, {}).sentAt).toBe('2024-01-15T10:30:01.000Z');
    expect(segmentReceiptOf({ sentAt: 1705314601000 }, {}).sentAt).toBeUndefined();
  });

  it("files the event under its key's project, never the key itself, and under default without one", () => {
    expect(canonical({ type: 'identify', userId: 'u1' }).project).toBe('shop');
    expect(canonical({ type: 'identify', userId: 'u1' }, { project: undefined }).project).toBe('default');
  });
});
