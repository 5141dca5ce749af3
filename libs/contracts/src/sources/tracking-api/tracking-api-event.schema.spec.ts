import { validatePayload } from '../accept-payload';
import { TRACKING_API_SOURCE } from './tracking-api.source';

const validateEvent = (raw: unknown, path = '') => validatePayload(TRACKING_API_SOURCE, raw, path);

/** Seed 001's examples, as its README's curl commands send them. */
const purchase = {
  event_name: 'purchase',
  channel: 'web',
  campaign_id: 'summer_sale_2025',
  user_id: 'user123',
  timestamp: 1732233600,
  tags: ['mobile', 'premium'],
  metadata: { amount: 99.99, currency: 'USD' },
};
const view = {
  event_name: 'view',
  channel: 'mobile',
  campaign_id: 'summer_sale_2025',
  user_id: 'user456',
  timestamp: 1732233601,
  tags: ['electronics'],
  metadata: { product_id: 'prod-123' },
};

function errorsOf(raw: unknown, path = ''): Array<{ field: string; reason: string }> {
  const result = validateEvent(raw, path);
  if (result.ok) throw new Error('expected the event to be refused');
  return result.errors;
}

describe("seed 001's event schema", () => {
  it.each([
    ['the single event', purchase],
    ['the first bulk event', purchase],
    ['the second bulk event', view],
  ])("accepts seed 001's example: %s, unchanged", (_, event) => {
    expect(validateEvent(event)).toEqual({ ok: true, value: event });
  });

  it('takes metadata of any shape within its bounds, and null for the optional fields', () => {
    const metadata = { list: [1, 'x', { a: [null, true, 2.5] }], nested: { b: { c: { d: 'deep' } } }, empty: {}, big: Number.MAX_SAFE_INTEGER, tiny: 1e-300 };
    expect(validateEvent({ ...purchase, metadata }).ok).toBe(true);
    expect(validateEvent({ ...purchase, campaign_id: null, tags: null, metadata: null }).ok).toBe(true);
  });

  it('names each missing field of the dedup key', () => {
    expect(errorsOf({ tags: [] })).toEqual([
      { field: 'event_name', reason: 'is required' },
      { field: 'channel', reason: 'is required' },
      { field: 'user_id', reason: 'is required' },
      { field: 'timestamp', reason: 'is required' },
    ]);
  });

  it('refuses an empty or over-long name, channel, user or campaign', () => {
    expect(errorsOf({ ...purchase, event_name: '', channel: '', user_id: '' })).toEqual([
      { field: 'event_name', reason: 'must not be empty' },
      { field: 'channel', reason: 'must not be empty' },
      { field: 'user_id', reason: 'must not be empty' },
    ]);
    expect(errorsOf({ ...purchase, event_name: 'n'.repeat(129), channel: 'c'.repeat(129), user_id: 'u'.repeat(257), campaign_id: 'k'.repeat(257) })).toEqual([
      { field: 'event_name', reason: 'must be at most 128 characters long' },
      { field: 'channel', reason: 'must be at most 128 characters long' },
      { field: 'campaign_id', reason: 'must be at most 256 characters long' },
      { field: 'user_id', reason: 'must be at most 256 characters long' },
    ]);
  });

  it('holds the timestamp to Unix seconds from 2000 to 2100, naming the unit', () => {
    for (const timestamp of [1732233600000, 946684799, 4102444801, '1732233600', null]) {
      expect(errorsOf({ ...purchase, timestamp }, 'events[2]')).toEqual([
        { field: 'events[2].timestamp', reason: expect.stringContaining('must be Unix seconds from 946684800 (2000-01-01) to 4102444800 (2100-01-01); milliseconds are not accepted') },
      ]);
    }
    expect(validateEvent({ ...purchase, timestamp: 4102444800 }).ok).toBe(true);
    expect(validateEvent({ ...purchase, timestamp: 1732233600.25 }).ok).toBe(true);
  });

  it('refuses too many tags, a long tag and a tag that is not a string', () => {
    expect(errorsOf({ ...purchase, tags: Array.from({ length: 101 }, (_, i) => `t${i}`) })).toEqual([{ field: 'tags', reason: 'must contain at most 100 elements' }]);
    expect(errorsOf({ ...purchase, tags: ['t'.repeat(129), 7] })).toEqual([
      { field: 'tags[0]', reason: 'must be at most 128 characters long' },
      { field: 'tags[1]', reason: 'must be a string' },
    ]);
  });

  it('refuses metadata that is not an object', () => {
    expect(errorsOf({ ...purchase, metadata: ['amount', 99.99] })).toEqual([{ field: 'metadata', reason: 'must be an object' }]);
  });

  it('keeps metadata of any shape whole: dotted keys, deep nesting (stored as JSON text)', () => {
    const metadata = { 'a.b': 1, a: { b: [{ c: { d: { e: ['six levels'] } } }] } };
    expect(validateEvent({ ...purchase, metadata })).toEqual({ ok: true, value: { ...purchase, metadata } });
  });

  it("refuses an unknown field, seed 000's among them, and an event over the size limit", () => {
    expect(errorsOf({ ...purchase, name: 'purchase', channel_type: 'web' })).toEqual([
      { field: 'name', reason: 'is not a known field' },
      { field: 'channel_type', reason: 'is not a known field' },
    ]);
    const [big] = errorsOf({ ...purchase, metadata: { text: 'x'.repeat(70 * 1024) } });
    expect(big).toEqual({ field: 'event', reason: expect.stringMatching(/over the limit of 65536/) });
  });
});
