import Ajv, { ErrorObject } from 'ajv';
import { isIP } from 'node:net';
import { isEventDate, isoOfSpacedDate } from '../event/iso-date';
import { FieldError } from './field-error';

/**
 * A JSON Schema in the subset OpenAPI 3.0 shares: compiled into a validator here and served as
 * it is in the OpenAPI documents. `x-reason` is what a refused value is told, where the generic
 * wording would not say enough.
 */
export type JsonSchema = Readonly<Record<string, unknown>>;

export const ISO_8601_FORMAT = 'iso-8601';
export const IP_ADDRESS_FORMAT = 'ip-address';
/** ISO 8601, or with a space for the T (isoOfSpacedDate). */
export const SPACED_ISO_8601_FORMAT = 'iso-8601-or-spaced';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Checks a value against one schema; every error names its field under `path` (`events[3]`). */
export type Validator<T> = (raw: unknown, path?: string) => Validated<T>;

const ajv = new Ajv({ allErrors: true, verbose: true, strictTypes: false, keywords: ['example', 'x-reason'], formats: { [ISO_8601_FORMAT]: isEventDate, [SPACED_ISO_8601_FORMAT]: (text: string) => isEventDate(isoOfSpacedDate(text)), [IP_ADDRESS_FORMAT]: (text: string) => isIP(text) !== 0 } });

/**
 * A valid value is returned as the object received: the schemas forbid unknown fields, so
 * nothing is left to strip.
 */
export function compileSchema<T>(schema: JsonSchema): Validator<T> {
  const matches = ajv.compile<T>(schema);
  return (raw, path = '') => {
    if (matches(raw)) return { ok: true, value: raw };
    return { ok: false, errors: (matches.errors ?? []).flatMap((error) => fieldErrorOf(error, path)) };
  };
}

function fieldErrorOf(error: ErrorObject, path: string): FieldError[] {
  // A branch of a oneOf failing is not the value's fault: the oneOf reports itself. A oneOf of
  // required fields on a value that is no object says nothing its type error does not.
  if (error.schemaPath.includes('/oneOf/')) return [];
  if (isOneOfRequired(error) && (typeof error.data !== 'object' || error.data === null)) return [];
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
    case 'minItems':
      return `must contain at least ${params.limit} element${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must contain at most ${params.limit} elements`;
    case 'maxProperties':
      return `must have at most ${params.limit} keys`;
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

function isOneOfRequired(error: ErrorObject): boolean {
  return error.keyword === 'oneOf' && Array.isArray(error.schema) && error.schema.every((branch) => Array.isArray(branch?.required));
}

/** A oneOf whose branches each require one field: the value must carry exactly one of them. */
function exactlyOneReason(error: ErrorObject): string {
  const fields = (error.schema as Array<{ required: string[] }>).flatMap((branch) => branch.required);
  const present = fields.filter((field) => (error.data as Record<string, unknown>)[field] !== undefined);
  return `must have exactly one of ${fields.join(', ')} (has ${present.length})`;
}

export function childPath(parent: string, segment: string): string {
  if (/^\d+$/.test(segment)) return `${parent}[${segment}]`;
  return parent ? `${parent}.${segment}` : segment;
}
