import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { CANONICAL_EVENT_SCHEMA } from '../event/canonical-event.schema';
import { parseJsonText } from '../event/json-text';
import { EVENT_LIMITS } from '../event/limits';
import { decodeEventMessage, encodeEventMessage } from '../message/event-message';
import { compileSchema } from '../schema/compile-schema';
import { ipAddress } from '../schema/json-arbitraries.fixture';
import { arbitraryOfSchema } from '../schema/schema-arbitrary.fixture';
import { canonicalEventOf, eventSchemaOf, validatePayload } from './accept-payload';
import { payloadsOfBody } from './payloads-of-body';
import { SOURCES } from './registry';
import { Receipt, Source, SourceRoute } from './source';

/**
 * The fields the SDK sources' mappings read inside objects their schemas leave open (Segment's
 * context and page properties, PostHog's properties): random names would seldom hit them.
 */
const FIELDS_THE_MAPPINGS_READ: Readonly<Record<string, readonly string[]>> = {
  segment: ['page', 'library', 'device', 'os', 'app', 'url', 'path', 'referrer', 'title', 'name', 'version', 'type', 'manufacturer', 'model', 'namespace'],
  posthog: [
    ...['$current_url', '$pathname', '$referrer', '$host', 'title', '$os', '$os_version', '$browser', '$browser_version', '$browser_language', '$locale'],
    ...['$device_type', '$device_manufacturer', '$device_model', '$app_namespace', '$app_version', '$raw_user_agent', '$ip', '$device_id', '$lib', '$ignore_sent_at'],
  ],
};

const NUM_RUNS = 300;

/** A header's text: Latin-1 without controls, as Node lets it through, up to well past a column's length. */
const headerChar = fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code));
const headerText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: headerChar, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(EVENT_LIMITS.stringValueLength, EVENT_LIMITS.stringValueLength + 1, 4 * EVENT_LIMITS.stringValueLength).chain((length) => fc.string({ unit: headerChar, minLength: length, maxLength: length })) },
);

const eventRange = { min: new Date(EVENT_LIMITS.minTimestamp * 1000), max: new Date(EVENT_LIMITS.maxTimestamp * 1000), noInvalidDate: true };

/** What the gateway hands a source besides the payload. */
const receipts: fc.Arbitrary<Receipt> = fc.record(
  {
    receivedAt: fc.date(eventRange),
    // request.ip: the peer's address, or behind a trusted proxy whatever X-Forwarded-For says.
    clientIp: fc.oneof(ipAddress, headerText),
    userAgent: headerText,
    // The project the key resolved to: a project name of the key ring (auth/key-ring.ts).
    project: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
    // As every source's receiptOf gives it: an instant within the event range.
    sentAt: fc.date(eventRange).map((date) => date.toISOString()),
  },
  { requiredKeys: ['receivedAt'] },
);

/** Payloads generated from the schema of each of the source's routes, with the route. */
function routedPayloads(source: Source): fc.Arbitrary<[SourceRoute, unknown]> {
  const fieldNames = FIELDS_THE_MAPPINGS_READ[source.name] ?? [];
  return fc.oneof(...source.routes.map((route) => fc.tuple(fc.constant(route), arbitraryOfSchema(eventSchemaOf(source, route), fieldNames))));
}

/**
 * A generated payload as the gateway takes it: parsed from its JSON text, found in its route's
 * body (with what the path implies), held to its limits and its route's schema; undefined if refused.
 */
function acceptedPayload(source: Source, route: SourceRoute, generated: unknown): object | undefined {
  const parsed = parseJsonText(JSON.stringify(generated), '');
  if (!parsed.ok) return undefined;
  const found = payloadsOfBody(route, 'one' in route.events ? parsed.value : { [route.events.field]: [parsed.value] });
  if (!found.ok) return undefined;
  const validated = validatePayload(source, found.value.payloads[0], found.value.paths[0], undefined, route);
  return validated.ok ? (validated.value as object) : undefined;
}

const validateCanonicalEvent = compileSchema(CANONICAL_EVENT_SCHEMA);

/** Why the writer would refuse the event the gateway publishes for this payload: its message decoded, its event held to the canonical schema. */
function writerRefusals(source: Source, payload: unknown, receipt: Receipt): string[] {
  const event = canonicalEventOf(source, payload, receipt);
  const message = encodeEventMessage({ receivedAt: receipt.receivedAt, event: { ...event, id: event.id ?? randomUUID() } });
  const decoded = decodeEventMessage(Buffer.from(message.value));
  if (!decoded.ok) return [decoded.reason];
  const validated = validateCanonicalEvent(decoded.envelope.event, 'event');
  return validated.ok ? [] : validated.errors.map(({ field, reason }) => `${field} ${reason}`);
}

describe.each(SOURCES.map((source) => [source.name, source] as const))('the %s source', (_name, source) => {
  const payloads = routedPayloads(source);

  it('maps every payload its schema accepts to an event the writer accepts (else the gateway acknowledges an event the writer dead-letters)', () => {
    let generated = 0;
    fc.assert(
      fc.property(payloads, receipts, ([route, payload], receipt) => {
        generated++;
        const accepted = acceptedPayload(source, route, payload);
        fc.pre(accepted !== undefined);
        expect(writerRefusals(source, accepted, receipt)).toEqual([]);
      }),
      { numRuns: NUM_RUNS },
    );
    // Runs count accepted payloads only: most generated ones must be, or the generator has drifted from the schema.
    expect(generated).toBeLessThan(2 * NUM_RUNS);
  });
});

describe('an event at its size limit, its copied fields in 4-byte characters', () => {
  it('still makes a message the writer reads: the copies can double what the properties hold', () => {
    const posthog = SOURCES.find((source) => source.name === 'posthog')!;
    const capture = posthog.routes[0];
    const properties: Record<string, unknown> = Object.fromEntries(FIELDS_THE_MAPPINGS_READ.posthog.filter((name) => !name.startsWith('$ip') && name !== '$ignore_sent_at').map((name) => [name, '😀'.repeat(600)]));
    const event = { event: '$pageview', distinct_id: 'u', properties };
    properties.filler = 'x'.repeat(posthog.maxEventBytes - Buffer.byteLength(JSON.stringify(event)) - 20);
    const accepted = acceptedPayload(posthog, capture, event);
    expect(accepted).toBeDefined();
    expect(writerRefusals(posthog, accepted, { receivedAt: new Date('2024-01-15T10:30:00Z') })).toEqual([]);
  });
});
