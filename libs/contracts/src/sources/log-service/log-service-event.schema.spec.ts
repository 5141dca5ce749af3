import { validatePayload } from '../accept-payload';
import { LOG_SERVICE_SOURCE } from './log-service.source';

const validateLog = (raw: unknown) => validatePayload(LOG_SERVICE_SOURCE, raw);

/** Seed 002's example 1, the body its curl command sends. */
const example = { event_name: 'new customer', description: 'account was created for a given identity', customer_id: 18 };

const DATE_TIME_REASON = 'must be an RFC 3339 date-time such as 2022-11-14T21:32:26.49855523Z, from 2000-01-01 to 2100-01-01';

function errorsOf(raw: unknown): Array<{ field: string; reason: string }> {
  const result = validateLog(raw);
  if (result.ok) throw new Error('expected the log to be refused');
  return result.errors;
}

describe("seed 002's log schema", () => {
  it("accepts seed 002's example unchanged, and the log without its optional fields", () => {
    expect(validateLog(example)).toEqual({ ok: true, value: example });
    expect(validateLog({ event_name: 'user_signed_in', description: 'a new user has code' }).ok).toBe(true);
    expect(validateLog({ ...example, customer_id: null, created_at: null }).ok).toBe(true);
  });

  it.each(['2022-11-14T21:32:26.49855523Z', '2022-11-14T21:01:56Z', '2022-11-14T23:32:26.123456789+02:00', '2099-12-31T23:59:59.999999999Z', '2000-01-01T00:00:00Z'])(
    'accepts created_at %s, as Go marshals a time.Time',
    (created_at) => {
      expect(validateLog({ ...example, created_at }).ok).toBe(true);
    },
  );

  it.each([
    ['a date alone', '2022-11-14'],
    ['no zone', '2022-11-14T21:32:26'],
    ['no seconds', '2022-11-14T21:32Z'],
    ['a zone without colon', '2022-11-14T21:32:26+0200'],
    ['ten fraction digits', '2022-11-14T21:32:26.1234567890Z'],
    ['an impossible date', '2022-02-30T21:32:26Z'],
    ['before 2000', '1999-12-31T23:59:59Z'],
    ['after 2100', '2100-01-01T00:00:01Z'],
    ['not a date', '14/11/2022'],
    ['a number', 1668461546],
  ])('refuses created_at with %s, once', (_, created_at) => {
    expect(errorsOf({ ...example, created_at })).toEqual([{ field: 'created_at', reason: DATE_TIME_REASON }]);
  });

  it('names each missing or empty required field', () => {
    expect(errorsOf({ customer_id: 18 })).toEqual([
      { field: 'event_name', reason: 'is required' },
      { field: 'description', reason: 'is required' },
    ]);
    expect(errorsOf({ event_name: '', description: '' })).toEqual([
      { field: 'event_name', reason: 'must not be empty' },
      { field: 'description', reason: 'must not be empty' },
    ]);
  });

  it('refuses an over-long name or description', () => {
    expect(errorsOf({ event_name: 'n'.repeat(129), description: 'd'.repeat(8 * 1024 + 1) })).toEqual([
      { field: 'event_name', reason: 'must be at most 128 characters long' },
      { field: 'description', reason: 'must be at most 8192 characters long' },
    ]);
    expect(validateLog({ event_name: 'n'.repeat(128), description: 'd'.repeat(8 * 1024) }).ok).toBe(true);
  });

  it('holds customer_id to an integer JSON carries exactly: ±(2^53 - 1)', () => {
    const reason = 'must be an integer from -9007199254740991 to 9007199254740991: JSON numbers lose digits beyond';
    for (const customer_id of [1.5, '18', Number.MAX_SAFE_INTEGER + 2, -(2 ** 63)]) {
      expect(errorsOf({ ...example, customer_id })).toEqual([{ field: 'customer_id', reason }]);
    }
    expect(validateLog({ ...example, customer_id: -Number.MAX_SAFE_INTEGER }).ok).toBe(true);
  });

  it('refuses an unknown field, a wrong type and a body that is not an object', () => {
    expect(errorsOf({ ...example, id: 2, description: 7 })).toEqual([
      { field: 'id', reason: 'is not a known field' },
      { field: 'description', reason: 'must be a string' },
    ]);
    expect(errorsOf([example])).toEqual([{ field: 'event', reason: 'must be a JSON object' }]);
  });
});
