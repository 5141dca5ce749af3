import { validatePayload } from '../accept-payload';
import { SITE_ANALYTICS_SOURCE } from './site-analytics.source';

const validateEvent = (raw: unknown) => validatePayload(SITE_ANALYTICS_SOURCE, raw);

/** Seed 004's example, the body its curl command sends. */
const example = JSON.parse('{ "site_id": "site-abc-123", "event_type": "page_view", "path": "/home", "user_id": "user-001", "timestamp": "2025-11-12T10:00:00Z" }');

const TIMESTAMP_REASON = 'must be an ISO 8601 date-time such as 2025-11-12T10:00:00Z, from 2000-01-01 to 2100-01-01';

function errorsOf(raw: unknown): Array<{ field: string; reason: string }> {
  const result = validateEvent(raw);
  if (result.ok) throw new Error('expected the event to be refused');
  return result.errors;
}

describe("seed 004's event schema", () => {
  it("accepts seed 004's example unchanged, and the event without its optional fields or with them null", () => {
    expect(validateEvent(example)).toEqual({ ok: true, value: example });
    expect(validateEvent({ site_id: 's', event_type: 'page_view', path: '/' }).ok).toBe(true);
    expect(validateEvent({ ...example, user_id: null, timestamp: null }).ok).toBe(true);
  });

  it.each(['2025-11-12T10:00:00.123Z', '2025-11-12T12:00:00+02:00', '2025-11-12T10:00:00', '2025-11-12'])('accepts timestamp %s', (timestamp) => {
    expect(validateEvent({ ...example, timestamp }).ok).toBe(true);
  });

  it.each([
    ['a US date', '11/12/2025'],
    ['an impossible date', '2025-02-30T10:00:00Z'],
    ['before 2000', '1999-12-31T23:59:59Z'],
    ['after 2100', '2100-01-01T00:00:01Z'],
    ['milliseconds since 1970', 1762941600000],
  ])('refuses timestamp with %s, once', (_, timestamp) => {
    expect(errorsOf({ ...example, timestamp })).toEqual([{ field: 'timestamp', reason: TIMESTAMP_REASON }]);
  });

  it('names each missing or empty required field', () => {
    expect(errorsOf({ user_id: 'user-001' })).toEqual([
      { field: 'site_id', reason: 'is required' },
      { field: 'event_type', reason: 'is required' },
      { field: 'path', reason: 'is required' },
    ]);
    expect(errorsOf({ site_id: '', event_type: '', path: '' })).toEqual([
      { field: 'site_id', reason: 'must not be empty' },
      { field: 'event_type', reason: 'must not be empty' },
      { field: 'path', reason: 'must not be empty' },
    ]);
  });

  it('refuses over-long strings', () => {
    expect(errorsOf({ site_id: 's'.repeat(257), event_type: 'e'.repeat(129), path: `/${'p'.repeat(1024)}`, user_id: 'u'.repeat(257) })).toEqual([
      { field: 'site_id', reason: 'must be at most 256 characters long' },
      { field: 'event_type', reason: 'must be at most 128 characters long' },
      { field: 'path', reason: 'must be at most 1024 characters long' },
      { field: 'user_id', reason: 'must be at most 256 characters long' },
    ]);
    expect(validateEvent({ site_id: 's'.repeat(256), event_type: 'e'.repeat(128), path: `/${'p'.repeat(1023)}`, user_id: 'u'.repeat(256) }).ok).toBe(true);
  });

  it('refuses an unknown field, a wrong type and a body that is not an object', () => {
    expect(errorsOf({ ...example, id: 1, user_id: 1 })).toEqual([
      { field: 'id', reason: 'is not a known field' },
      { field: 'user_id', reason: 'must be a string' },
    ]);
    expect(errorsOf([example])).toEqual([{ field: 'event', reason: 'must be a JSON object' }]);
  });
});
