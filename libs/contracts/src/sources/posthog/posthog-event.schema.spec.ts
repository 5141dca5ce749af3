import { validatePayload } from '../accept-payload';
import { payloadsOfBody } from '../payloads-of-body';
import { POSTHOG_JS_AUTOCAPTURE, POSTHOG_JS_PAGEVIEW, POSTHOG_NODE_BATCH } from './posthog.fixture';
import { POSTHOG_SOURCE } from './posthog.source';

const [route] = POSTHOG_SOURCE.routes;
const [nodeEvent] = POSTHOG_NODE_BATCH.batch;
const validate = (raw: unknown, path = '') => validatePayload(POSTHOG_SOURCE, raw, path);

function errorsOf(raw: unknown, path = ''): Array<{ field: string; reason: string }> {
  const result = validate(raw, path);
  if (result.ok) throw new Error('expected the event to be refused');
  return result.errors;
}

describe("PostHog's event schema", () => {
  it('accepts the events posthog-node and posthog-js send, unchanged', () => {
    for (const event of [...POSTHOG_NODE_BATCH.batch, POSTHOG_JS_PAGEVIEW, POSTHOG_JS_AUTOCAPTURE]) expect(validate(event)).toEqual({ ok: true, value: event });
  });

  it('takes the distinct_id at the top, as $distinct_id, or in the properties, a number too', () => {
    expect(validate({ event: 'e', $distinct_id: 'u1' }).ok).toBe(true);
    expect(validate({ event: 'e', distinct_id: 23 }).ok).toBe(true);
    expect(validate({ event: 'e', distinct_id: null, properties: { distinct_id: 'u1' } }).ok).toBe(true);
  });

  it('requires a distinct_id somewhere, in one error', () => {
    expect(errorsOf({ event: 'e', properties: { plan: 'pro' } }, 'batch[2]')).toEqual([{ field: 'batch[2]', reason: 'must have a distinct_id (or properties.distinct_id)' }]);
    expect(errorsOf({ event: 'e', distinct_id: '', properties: null })).toEqual([{ field: 'event', reason: 'must have a distinct_id (or properties.distinct_id)' }]);
  });

  it('requires the event name, within the canonical bound', () => {
    expect(errorsOf({ distinct_id: 'u1' })).toEqual([{ field: 'event', reason: 'is required' }]);
    expect(errorsOf({ ...nodeEvent, event: '' })).toEqual([{ field: 'event', reason: 'must not be empty' }]);
    expect(errorsOf({ ...nodeEvent, event: 'e'.repeat(129) })).toEqual([{ field: 'event', reason: 'must be at most 128 characters long' }]);
  });

  it('takes a UUID in either case, or an empty one as none, and refuses anything else as the key', () => {
    expect(validate({ ...nodeEvent, uuid: nodeEvent.uuid.toUpperCase() }).ok).toBe(true);
    expect(validate({ ...nodeEvent, uuid: '' }).ok).toBe(true);
    expect(errorsOf({ ...nodeEvent, uuid: 'evt-1' })).toEqual([{ field: 'uuid', reason: 'must be a UUID such as 01a22dcc-6168-7271-86c6-101e7fc1a9fd' }]);
  });

  it('bounds the ids and keys, and names wrong types', () => {
    expect(errorsOf({ ...nodeEvent, distinct_id: { id: 1 }, properties: { ...nodeEvent.properties, token: 't'.repeat(129) }, api_key: '' })).toEqual([
      { field: 'distinct_id', reason: 'must be a string of at most 256 characters, or a number' },
      { field: 'properties.token', reason: 'must be at most 128 characters long' },
      { field: 'api_key', reason: 'must not be empty' },
    ]);
    expect(errorsOf({ ...nodeEvent, properties: 'plan=pro' })).toEqual([{ field: 'properties', reason: 'must be an object' }]);
  });

  it('refuses an event over 56 KB, room left under the canonical 64 KB for the columns copied from it', () => {
    const [error] = errorsOf({ ...nodeEvent, properties: { blob: 'x'.repeat(56 * 1024) } }, 'batch[0]');
    expect(error).toEqual({ field: 'batch[0]', reason: expect.stringMatching(/over the limit of 57344$/) });
  });
});

describe("PostHog's route: every shape on every capture path", () => {
  it("serves /batch, /e, /i/v0/e, /capture and /track (the HTTP layer takes them with a trailing slash too), reading JSON whatever the type, or sendBeacon's data= form", () => {
    expect([...route.paths].sort()).toEqual(['/batch', '/capture', '/e', '/i/v0/e', '/track']);
    expect(route.reading).toBe('json-or-form');
  });

  it('answers exactly 200 {"status": 1}', () => {
    expect([route.status, route.respond([], { receivedAt: new Date() })]).toEqual([200, { status: 1 }]);
  });

  it("reads a batch whatever else the SDKs put beside it (posthog-python's sentAt, posthog-android's timestamp)", () => {
    expect(payloadsOfBody(route, POSTHOG_NODE_BATCH)).toEqual({ ok: true, value: { payloads: POSTHOG_NODE_BATCH.batch, paths: ['batch[0]', 'batch[1]'] } });
    expect(payloadsOfBody(route, { ...POSTHOG_NODE_BATCH, historical_migration: true, timestamp: 'x', token: 't', sentAt: '2024-01-15T10:30:00+00:00', somethingNew: 1 }).ok).toBe(true);
  });

  it('reads one event with its api_key, and a bare array of events', () => {
    const single = { api_key: 'k', ...nodeEvent };
    expect(payloadsOfBody(route, single)).toEqual({ ok: true, value: { payloads: [single], paths: [''] } });
    expect(payloadsOfBody(route, [POSTHOG_JS_PAGEVIEW, POSTHOG_JS_AUTOCAPTURE])).toEqual({
      ok: true,
      value: { payloads: [POSTHOG_JS_PAGEVIEW, POSTHOG_JS_AUTOCAPTURE], paths: ['batch[0]', 'batch[1]'] },
    });
  });

  it('refuses a batch with a bad key or no event, and a body that is no JSON object, naming the field', () => {
    expect(payloadsOfBody(route, { ...POSTHOG_NODE_BATCH, api_key: 'k'.repeat(129) })).toEqual({ ok: false, errors: [{ field: 'api_key', reason: 'must be at most 128 characters long' }] });
    expect(payloadsOfBody(route, { api_key: 'k', batch: [] })).toEqual({ ok: false, errors: [{ field: 'batch', reason: 'must contain at least one event' }] });
    expect(payloadsOfBody(route, 'e=1')).toEqual({ ok: false, errors: [{ field: 'body', reason: 'must be a JSON object {"batch": [...]}' }] });
  });

  it('documents examples that its own schema accepts', () => {
    for (const example of Object.values(route.examples ?? {})) {
      const found = payloadsOfBody(route, example);
      if (!found.ok) throw new Error(JSON.stringify(found.errors));
      for (const payload of found.value.payloads) expect(validate(payload)).toMatchObject({ ok: true });
    }
  });
});
