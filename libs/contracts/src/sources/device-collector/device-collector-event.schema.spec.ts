import { validatePayload } from '../accept-payload';
import { DEVICE_COLLECTOR_SOURCE } from './device-collector.source';

const validateEvent = (raw: unknown, path = '') => validatePayload(DEVICE_COLLECTOR_SOURCE, raw, path);

/** Seed 003's example event, as its clients send it on one line. */
const example = JSON.parse(
  '{"client_time":"2020-12-01 23:59:00","device_id":"0287D9AA-4ADF-4B37-A60F-3E9E645C821E","device_os":"iOS 13.5.1","session":"ybuRi8mAUypxjbxQ","sequence":1,"event":"app_start","param_int":0,"param_str":"some text"}',
);

const CLIENT_TIME_REASON = 'must be a date-time such as 2020-12-01 23:59:00 (UTC) or ISO 8601 such as 2020-12-01T23:59:00Z, from 2000-01-01 to 2100-01-01';

function errorsOf(raw: unknown, path = ''): Array<{ field: string; reason: string }> {
  const result = validateEvent(raw, path);
  if (result.ok) throw new Error('expected the event to be refused');
  return result.errors;
}

describe("seed 003's event schema", () => {
  it("accepts seed 003's example unchanged, and the event without its optional fields or with them null", () => {
    expect(validateEvent(example)).toEqual({ ok: true, value: example });
    expect(validateEvent({ device_id: 'd', session: 's', sequence: 0, event: 'e' }).ok).toBe(true);
    expect(validateEvent({ ...example, client_time: null, device_os: null, param_int: null, param_str: null }).ok).toBe(true);
  });

  it.each(['2020-12-01 23:59:00', '2020-12-01 23:59:00.123', '2020-12-01T23:59:00', '2020-12-01T23:59:00Z', '2020-12-02T01:59:00+02:00', '2000-01-01 00:00:00', '2100-01-01 00:00:00'])(
    'accepts client_time %s',
    (client_time) => {
      expect(validateEvent({ ...example, client_time }).ok).toBe(true);
    },
  );

  it.each([
    ['a US date', '12/01/2020 23:59:00'],
    ['two spaces', '2020-12-01  23:59:00'],
    ['an impossible date', '2020-02-30 10:00:00'],
    ['an impossible time', '2020-12-01 24:00:00'],
    ['before 2000', '1999-12-31 23:59:59'],
    ['after 2100', '2100-01-01 00:00:01'],
    ['Unix seconds', 1606867140],
  ])('refuses client_time with %s, once', (_, client_time) => {
    expect(errorsOf({ ...example, client_time }, 'events[3]')).toEqual([{ field: 'events[3].client_time', reason: CLIENT_TIME_REASON }]);
  });

  it('names each missing required field, and each empty one', () => {
    expect(errorsOf({ client_time: '2020-12-01 23:59:00' })).toEqual([
      { field: 'event', reason: 'is required' },
      { field: 'device_id', reason: 'is required' },
      { field: 'session', reason: 'is required' },
      { field: 'sequence', reason: 'is required' },
    ]);
    expect(errorsOf({ ...example, device_id: '', session: '', event: '' })).toEqual([
      { field: 'device_id', reason: 'must not be empty' },
      { field: 'session', reason: 'must not be empty' },
      { field: 'event', reason: 'must not be empty' },
    ]);
  });

  it('refuses over-long strings, each bound kept so that device_id/session/sequence fits an event_id of 128', () => {
    expect(errorsOf({ ...example, device_id: 'd'.repeat(65), device_os: 'o'.repeat(257), session: 's'.repeat(47), event: 'e'.repeat(129), param_str: 'p'.repeat(1025) })).toEqual([
      { field: 'device_id', reason: 'must be at most 64 characters long' },
      { field: 'device_os', reason: 'must be at most 256 characters long' },
      { field: 'session', reason: 'must be at most 46 characters long' },
      { field: 'event', reason: 'must be at most 128 characters long' },
      { field: 'param_str', reason: 'must be at most 1024 characters long' },
    ]);
    const longest = { ...example, device_id: 'd'.repeat(64), device_os: 'o'.repeat(256), session: 's'.repeat(46), sequence: Number.MAX_SAFE_INTEGER, event: 'e'.repeat(128), param_str: 'p'.repeat(1024) };
    expect(validateEvent(longest).ok).toBe(true);
    expect(`${longest.device_id}/${longest.session}/${longest.sequence}`).toHaveLength(128);
  });

  it('holds sequence to an integer from 0 to 2^53 - 1', () => {
    for (const sequence of [-1, 1.5, '1', Number.MAX_SAFE_INTEGER + 2, null]) {
      expect(errorsOf({ ...example, sequence })).toEqual([{ field: 'sequence', reason: 'must be an integer from 0 to 9007199254740991' }]);
    }
  });

  it('holds param_int to an integer JSON carries exactly: ±(2^53 - 1)', () => {
    const reason = 'must be an integer from -9007199254740991 to 9007199254740991: JSON numbers lose digits beyond';
    for (const param_int of [0.5, '0', Number.MAX_SAFE_INTEGER + 2, -(2 ** 63)]) {
      expect(errorsOf({ ...example, param_int })).toEqual([{ field: 'param_int', reason }]);
    }
    expect(validateEvent({ ...example, param_int: -Number.MAX_SAFE_INTEGER }).ok).toBe(true);
  });

  it('refuses an unknown field, a wrong type and an event that is not an object', () => {
    expect(errorsOf({ ...example, ip: '8.8.8.8', device_id: 7 })).toEqual([
      { field: 'ip', reason: 'is not a known field' },
      { field: 'device_id', reason: 'must be a string' },
    ]);
    expect(errorsOf('app_start', 'events[0]')).toEqual([{ field: 'events[0]', reason: 'must be a JSON object' }]);
  });
});
