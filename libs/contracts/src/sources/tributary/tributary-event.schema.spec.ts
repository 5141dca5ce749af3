import { validatePayload } from '../accept-payload';
import { TRIBUTARY_SOURCE } from './tributary.source';

const validateEvent = (raw: unknown, { path = '', sourceBytes }: { path?: string; sourceBytes?: number } = {}) =>
  validatePayload(TRIBUTARY_SOURCE, raw, path, sourceBytes);

const valid = {
  name: 'page_view',
  channel_type: 'web',
  timestamp: 1705314600,
  user_id: 'user-123',
  event_params: [
    { key: 'page_title', string_value: 'Home Page' },
    { key: 'scroll_depth', number_value: 75.5 },
    { key: 'is_logged_in', boolean_value: true },
  ],
  device: { category: 'mobile', operating_system: 'iOS', language: 'en-US' },
  app_info: { id: 'com.example.app', version: '2.1.0' },
  items: [{ id: 'SKU-001', price_in_usd: 29.99, quantity: 2, revenue_in_usd: 59.98 }],
};

function errorsOf(raw: unknown, path = ''): Array<{ field: string; reason: string }> {
  const result = validateEvent(raw, { path });
  if (result.ok) throw new Error('expected the event to be refused');
  return result.errors;
}

describe("seed 000's event schema", () => {
  it('accepts seed 000 full event and returns it unchanged', () => {
    const result = validateEvent(valid);
    expect(result).toEqual({ ok: true, value: valid });
  });

  it('names each missing required field', () => {
    expect(errorsOf({})).toEqual([
      { field: 'name', reason: 'is required' },
      { field: 'channel_type', reason: 'is required' },
    ]);
  });

  it('lists the allowed channel types', () => {
    expect(errorsOf({ ...valid, channel_type: 'fax' })).toEqual([
      { field: 'channel_type', reason: 'must be one of web, mobile, desktop, tv, console, other' },
    ]);
  });

  it('refuses a timestamp in milliseconds, naming the unit', () => {
    const [error] = errorsOf({ ...valid, timestamp: 1705314600000 });
    expect(error.field).toBe('timestamp');
    expect(error.reason).toContain('milliseconds are not accepted');
  });

  it('refuses a param with two values or none, at the param', () => {
    const errors = errorsOf({
      ...valid,
      event_params: [{ key: 'a', string_value: 'x', number_value: 1 }, { key: 'b' }],
    }, 'events[4]');
    expect(errors).toEqual([
      { field: 'events[4].event_params[0]', reason: 'must have exactly one of string_value, number_value, boolean_value (has 2)' },
      { field: 'events[4].event_params[1]', reason: 'must have exactly one of string_value, number_value, boolean_value (has 0)' },
    ]);
  });

  it('names nested fields with wrong types and unknown fields', () => {
    const errors = errorsOf({ ...valid, device: { language: 7 }, colour: 'red', items: [{ quantity: 1.5 }] });
    expect(errors).toEqual(expect.arrayContaining([
      { field: 'colour', reason: 'is not a known field' },
      { field: 'device.language', reason: 'must be a string' },
      { field: 'items[0].quantity', reason: 'must be an integer from 0 to 9007199254740991' },
    ]));
    expect(errors).toHaveLength(3);
  });

  it('refuses over-long strings and too many params', () => {
    const params = Array.from({ length: 101 }, (_, i) => ({ key: `k${i}`, number_value: i }));
    const errors = errorsOf({ ...valid, name: 'n'.repeat(129), event_params: params });
    expect(errors.map((e) => e.field)).toEqual(['name', 'event_params']);
    expect(errors[0].reason).toContain('128');
    expect(errors[1].reason).toContain('100');
  });

  it('refuses a non-object and an event over the size limit', () => {
    expect(errorsOf('page_view', 'events[0]')).toEqual([{ field: 'events[0]', reason: 'must be a JSON object' }]);
    const [big] = errorsOf({ ...valid, items: Array.from({ length: 200 }, () => ({ name: 'x'.repeat(256), brand: 'y'.repeat(256) })) });
    expect(big.field).toBe('event');
    expect(big.reason).toMatch(/over the limit of 65536/);
  });

  it('refuses a date that is not ISO 8601', () => {
    expect(errorsOf({ ...valid, date: '15/01/2024' })).toEqual([
      { field: 'date', reason: 'must be an ISO 8601 date or date-time such as 2024-01-15T10:30:00Z, from 2000-01-01 to 2100-01-01' },
    ]);
  });

  it('accepts null for an optional field, as if it were absent', () => {
    expect(validateEvent({ ...valid, user_id: null, device: null, timestamp: null }).ok).toBe(true);
  });

  it('words a timestamp of the wrong type like one out of range', () => {
    expect(errorsOf({ ...valid, timestamp: '1705314600' })).toEqual([
      { field: 'timestamp', reason: expect.stringContaining('must be Unix seconds from 946684800') },
    ]);
  });

  it('measures an event whose source size is unknown or over the limit, and trusts a smaller source', () => {
    const big = { ...valid, items: Array.from({ length: 200 }, () => ({ name: 'x'.repeat(256), brand: 'y'.repeat(256) })) };
    expect(errorsOf(big)[0].reason).toMatch(/over the limit/);
    expect(validateEvent(big, { sourceBytes: 200_000 }).ok).toBe(false);
    expect(validateEvent(valid, { sourceBytes: 600 }).ok).toBe(true);
  });

  it('names an item that is not an object and a param value of the wrong type', () => {
    expect(errorsOf({ ...valid, items: ['SKU-001'], event_params: [{ key: 'k', number_value: 'seven' }] })).toEqual([
      { field: 'event_params[0].number_value', reason: 'must be a finite number (a Float64)' },
      { field: 'items[0]', reason: 'must be an object' },
    ]);
  });

  it('refuses values no column can hold as sent: integers beyond 2^53 - 1, infinite numbers, dates outside 2000..2100', () => {
    expect(errorsOf({ ...valid, items: [{ quantity: 1.28e28 }, { quantity: Number.MAX_SAFE_INTEGER + 2 }] }).map((e) => e.field)).toEqual(['items[0].quantity', 'items[1].quantity']);
    expect(validateEvent({ ...valid, items: [{ quantity: Number.MAX_SAFE_INTEGER }] }).ok).toBe(true);
    expect(errorsOf({ ...valid, event_params: [{ key: 'k', number_value: Infinity }] })[0].field).toBe('event_params[0].number_value');
    expect(errorsOf({ ...valid, date: '1999-12-31T23:59:59Z' })[0].field).toBe('date');
    expect(errorsOf({ ...valid, date: '2100-01-01T00:00:01Z' })[0].field).toBe('date');
    expect(validateEvent({ ...valid, date: '2100-01-01T00:00:00Z' }).ok).toBe(true);
  });

  it('names a param that is not an object, instead of failing on it (found by schemathesis)', () => {
    expect(errorsOf({ ...valid, user_params: [null, 'x'] })).toEqual([
      { field: 'user_params[0]', reason: 'must be an object' },
      { field: 'user_params[1]', reason: 'must be an object' },
    ]);
  });
});
