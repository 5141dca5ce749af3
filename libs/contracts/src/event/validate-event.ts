import Ajv, { ErrorObject } from 'ajv';
import { ClientEvent } from './client-event';
import { EVENT_SCHEMA, ISO_8601_FORMAT } from './event.schema';
import { FieldError } from './field-error';
import { isEventDate } from './iso-date';
import { EVENT_LIMITS } from './limits';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export interface EventSource {
  /** Prefixes every field named in an error (`events[3]` in a batch). */
  path?: string;
  /**
   * Bytes of the JSON text the event was parsed from, when known. Re-serialised it is no larger,
   * so a source within the size limit spares serialising the event to measure it.
   */
  sourceBytes?: number;
}

const ajv = new Ajv({ allErrors: true, verbose: true, strictTypes: false, keywords: ['example', 'x-reason'], formats: { [ISO_8601_FORMAT]: isEventDate } });
const matchesEventSchema = ajv.compile<ClientEvent>(EVENT_SCHEMA);

/**
 * Validates one event as received, against the compiled EVENT_SCHEMA. A valid event is
 * returned as the object received: the schema forbids unknown fields, so nothing is left to strip.
 */
export function validateEvent(raw: unknown, { path = '', sourceBytes }: EventSource = {}): Validated<ClientEvent> {
  const self = path || 'event';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: self, reason: 'must be a JSON object' }] };
  }
  if (sourceBytes === undefined || sourceBytes > EVENT_LIMITS.eventBytes) {
    const bytes = Buffer.byteLength(JSON.stringify(raw));
    if (bytes > EVENT_LIMITS.eventBytes) {
      return { ok: false, errors: [{ field: self, reason: `is ${bytes} bytes, over the limit of ${EVENT_LIMITS.eventBytes}` }] };
    }
  }
  if (matchesEventSchema(raw)) return { ok: true, value: raw };
  return { ok: false, errors: (matchesEventSchema.errors ?? []).flatMap((error) => fieldErrorOf(error, path)) };
}

function fieldErrorOf(error: ErrorObject, path: string): FieldError[] {
  // A branch of a oneOf failing is not the value's fault: the oneOf reports itself.
  if (error.schemaPath.includes('/oneOf/')) return [];
  const field = error.instancePath.split('/').slice(1).reduce(childPath, path);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return [{ field: childPath(field, String(params.missingProperty)), reason: 'is required' }];
  if (error.keyword === 'additionalProperties') return [{ field: childPath(field, String(params.additionalProperty)), reason: 'is not a known field' }];
  const custom = error.parentSchema?.['x-reason'];
  return [{ field: field || 'event', reason: typeof custom === 'string' ? custom : reasonOf(error, params) }];
}

const TYPE_REASONS: Record<string, string> = {
  integer: 'must be an integer number',
  number: 'must be a number',
  string: 'must be a string',
  boolean: 'must be a boolean value',
  object: 'must be an object',
  array: 'must be an array',
};

function reasonOf(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type':
      return TYPE_REASONS[String(params.type).split(',')[0]] ?? `must be ${params.type}`;
    case 'minLength':
      return 'must not be empty';
    case 'maxLength':
      return `must be at most ${params.limit} characters long`;
    case 'maxItems':
      return `must contain at most ${params.limit} elements`;
    case 'minimum':
      return `must not be less than ${params.limit}`;
    case 'maximum':
      return `must not be greater than ${params.limit}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'oneOf':
      return exactlyOneReason(error);
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

/** A oneOf whose branches each require one field: the value must carry exactly one of them. */
function exactlyOneReason(error: ErrorObject): string {
  const fields = (error.schema as Array<{ required: string[] }>).flatMap((branch) => branch.required);
  const present = fields.filter((field) => (error.data as Record<string, unknown>)[field] !== undefined);
  return `must have exactly one of ${fields.join(', ')} (has ${present.length})`;
}

function childPath(parent: string, segment: string): string {
  if (/^\d+$/.test(segment)) return `${parent}[${segment}]`;
  return parent ? `${parent}.${segment}` : segment;
}
