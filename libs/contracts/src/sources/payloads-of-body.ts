import { compileSchema, Validated, Validator } from '../schema/compile-schema';
import { FieldError } from '../schema/field-error';
import { objectOf } from '../schema/schema-parts';
import { SourceRoute } from './source';

export interface Payloads {
  payloads: unknown[];
  /** The field each payload is named by in errors: `events[3]`, or '' for a body that is one event. */
  paths: string[];
}

const envelopeValidators = new WeakMap<SourceRoute, Validator<unknown>>();

/**
 * The events a parsed body carries, by the route's rule: the body itself, or the array in its
 * events field (an NDJSON body is that array already). The batch's own rules are checked here:
 * its shape, its other fields, at least one event and at most the route's limit.
 */
export function payloadsOfBody(route: SourceRoute, body: unknown): Validated<Payloads> {
  if ('one' in route.events) return one(withImplied(body, route.events.implied));
  const { field, maxEvents, orOne } = route.events;
  if (Array.isArray(body)) return counted(body, field, maxEvents);
  if (typeof body !== 'object' || body === null) return refused([{ field: 'body', reason: `must be a JSON object {"${field}": [...]}` }]);
  if (orOne && (body as Record<string, unknown>)[field] === undefined) return one(body);
  const envelope = envelopeValidatorOf(route, field)(body);
  if (!envelope.ok) return envelope;
  const events = (body as Record<string, unknown>)[field];
  if (events === undefined) return refused([{ field, reason: 'is required' }]);
  if (!Array.isArray(events)) return refused([{ field, reason: 'must be an array of events' }]);
  return counted(events, field, maxEvents);
}

function one(event: unknown): Validated<Payloads> {
  return { ok: true, value: { payloads: [event], paths: [''] } };
}

function withImplied(body: unknown, implied: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!implied || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return { ...implied, ...body };
}

function counted(events: unknown[], field: string, maxEvents: number): Validated<Payloads> {
  if (events.length === 0) return refused([{ field, reason: 'must contain at least one event' }]);
  if (events.length > maxEvents) return refused([{ field, reason: `has ${events.length} events, over the limit of ${maxEvents}` }]);
  return { ok: true, value: { payloads: events, paths: events.map((_, index) => `${field}[${index}]`) } };
}

/** The body's fields but its events: each the route declares to its schema, and no other unless the envelope is open. */
function envelopeValidatorOf(route: SourceRoute, field: string): Validator<unknown> {
  let validator = envelopeValidators.get(route);
  if (!validator) {
    validator = compileSchema(objectOf({ ...route.envelope, [field]: {} }, { additionalProperties: route.openEnvelope === true }));
    envelopeValidators.set(route, validator);
  }
  return validator;
}

function refused(errors: FieldError[]): Validated<Payloads> {
  return { ok: false, errors };
}
