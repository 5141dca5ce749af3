import { parseJsonText } from '../event/json-text';
import { EVENT_LIMITS } from '../event/limits';
import { canonicalEventOf, validatePayload } from '../sources/accept-payload';
import { TRACKING_API_SOURCE } from '../sources/tracking-api/tracking-api.source';
import {
  acceptRequestId,
  decodeEventMessage,
  encodeEventMessage,
  isSafeRequestId,
  MAX_EVENT_MESSAGE_BYTES,
  MAX_EVENT_MESSAGE_DEPTH,
  REQUEST_ID_HEADER,
  requestIdOfHeaders,
} from './event-message';

const accepted = {
  receivedAt: new Date('2024-01-15T10:30:00.123Z'),
  event: { id: '0b9e5f3e-1b2c-8d4e-9f00-112233445566', source: 'tributary', name: 'page_view', channel: 'web', ip: '203.0.113.7' },
};

describe('event message', () => {
  it('v2 round-trips an accepted canonical event, keyed by its id', () => {
    const message = encodeEventMessage(accepted);
    expect(message.key).toBe(accepted.event.id);
    expect(message.headers['content-type']).toBe('application/vnd.tributary.event.v2+json');
    expect(decodeEventMessage(Buffer.from(message.value))).toEqual({ ok: true, envelope: { v: 2, ...accepted } });
  });

  it('still reads v1, which internal producers may send', () => {
    const v1 = '{"v":1,"id":"0b9e5f3e-1b2c-8d4e-9f00-112233445566","received_at":"2024-01-15T10:30:00.123Z","client_ip":"203.0.113.7","event":{"name":"x","channel_type":"tv"}}';
    expect(decodeEventMessage(Buffer.from(v1))).toEqual({
      ok: true,
      envelope: { v: 1, id: '0b9e5f3e-1b2c-8d4e-9f00-112233445566', receivedAt: accepted.receivedAt, clientIp: '203.0.113.7', event: { name: 'x', channel_type: 'tv' } },
    });
  });

  it('reads a received_at without a zone as UTC, whatever the server zone', () => {
    const decoded = decodeEventMessage(Buffer.from('{"v":1,"received_at":"2024-01-15T10:30:00","event":{}}'));
    expect(decoded.ok && decoded.envelope.receivedAt?.toISOString()).toBe('2024-01-15T10:30:00.000Z');
  });

  it('accepts the minimal form an internal producer sends', () => {
    const decoded = decodeEventMessage(Buffer.from('{"v":1,"event":{"name":"x","channel_type":"tv"}}'));
    expect(decoded).toEqual({ ok: true, envelope: { v: 1, event: { name: 'x', channel_type: 'tv' } } });
  });

  it.each([
    [null, 'message has no value'],
    [Buffer.from('not json'), 'value is not valid JSON'],
    [Buffer.from([0x7b, 0xff, 0x7d]), 'value is not valid UTF-8: byte 0xff at offset 1'],
    [Buffer.from('{"v":1,"event":{"name":"\\udc00"}}'), 'event.name holds a lone UTF-16 surrogate'],
    [Buffer.from('{"v":1,"event":{},"received_at":"1970-01-01T00:00:00Z"}'), 'received_at must be an ISO 8601 date-time from 2000-01-01'],
    [Buffer.from('[1]'), 'value must be a JSON object'],
    [Buffer.from('{"event":{}}'), 'v must be 1 or 2, got undefined'],
    [Buffer.from('{"v":3,"event":{}}'), 'v must be 1 or 2, got 3'],
    [Buffer.from('{"v":1}'), 'event is required'],
    [Buffer.from('{"v":1,"event":{},"received_at":"yesterday"}'), 'received_at must be an ISO 8601 date-time from 2000-01-01 to 2100-01-01'],
    [Buffer.from('{"v":1,"event":{},"client_ip":"999.1.1.1"}'), 'client_ip must be an IPv4 or IPv6 address'],
    [Buffer.alloc(MAX_EVENT_MESSAGE_BYTES + 1, 32), 'over the limit'],
    [Buffer.from(`{"v":2,"event":${'['.repeat(MAX_EVENT_MESSAGE_DEPTH)}${']'.repeat(MAX_EVENT_MESSAGE_DEPTH)}}`), `value is nested deeper than the limit of ${MAX_EVENT_MESSAGE_DEPTH} levels`],
    [Buffer.from('{"v":2,"event":{"name":"x","properties":{"__proto__":{"polluted":true}}}}'), 'event.properties.__proto__ is refused as a key'],
  ])('refuses %s with a reason', (value, reason) => {
    const decoded = decodeEventMessage(value);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.reason).toContain(reason);
  });

  it("reads every event the gateway accepts at its body's depth limit: seed 001's metadata, two levels deeper in the message", () => {
    const nestedObject = (levels: number): unknown => (levels === 0 ? 1 : { a: nestedObject(levels - 1) });
    const body = { event_name: 'deep', channel: 'web', user_id: 'u1', timestamp: 1732233600, metadata: nestedObject(EVENT_LIMITS.jsonDepth - 1) };
    const parsed = parseJsonText(JSON.stringify(body), '');
    expect(parsed.ok && validatePayload(TRACKING_API_SOURCE, parsed.value).ok).toBe(true);
    const event = { ...canonicalEventOf(TRACKING_API_SOURCE, body, { receivedAt: accepted.receivedAt }), id: accepted.event.id };
    expect(decodeEventMessage(Buffer.from(encodeEventMessage({ receivedAt: accepted.receivedAt, event }).value))).toMatchObject({ ok: true });
  });

  it('carries the request id in the x-request-id header, and no such header without one', () => {
    const message = encodeEventMessage({ ...accepted, requestId: 'req-42' });
    expect(REQUEST_ID_HEADER).toBe('x-request-id');
    expect(message.headers).toEqual({ 'content-type': 'application/vnd.tributary.event.v2+json', 'x-request-id': 'req-42' });
    expect(encodeEventMessage(accepted).headers).not.toHaveProperty('x-request-id');
    expect(message.value).toBe(encodeEventMessage(accepted).value);
  });
});

describe('request id', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it.each(['a', 'req-1', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'trace:span.1_x', 'x'.repeat(128)])('takes the safe token %s as given', (id) => {
    expect(isSafeRequestId(id)).toBe(true);
    expect(acceptRequestId(id)).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['over 128 characters', 'x'.repeat(129)],
    ['300 characters', 'a'.repeat(300)],
    ['a newline', 'abc\ndef'],
    ['a trailing newline', 'abc\n'],
    ['a carriage return', 'abc\r\nX-Injected: 1'],
    ['a space', 'a b'],
    ['a quote', 'a"b'],
    ['markup', '<script>'],
    ['a slash', 'a/b'],
    ['non-ASCII', 'caf\u00e9'],
    ['a repeated header, joined', 'a, b'],
  ])('replaces one with %s by a new UUID', (_case, id) => {
    expect(isSafeRequestId(id)).toBe(false);
    const accepted = acceptRequestId(id);
    expect(accepted).toMatch(UUID);
    expect(accepted).not.toContain(id || '\u0000');
  });

  it('generates a different UUID for each request without one, or with a header given twice', () => {
    const ids = new Set([acceptRequestId(undefined), acceptRequestId(undefined), acceptRequestId(['a', 'b'])]);
    expect(ids.size).toBe(3);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it("reads a message's header only when it is safe: any producer may write to the topic", () => {
    expect(requestIdOfHeaders({ 'x-request-id': 'req-7' })).toBe('req-7');
    expect(requestIdOfHeaders({})).toBeUndefined();
    expect(requestIdOfHeaders({ 'x-request-id': 'a\nb' })).toBeUndefined();
    expect(requestIdOfHeaders({ 'x-request-id': 'x'.repeat(200) })).toBeUndefined();
  });
});
