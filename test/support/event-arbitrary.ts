import { EVENT_LIMITS, TRIBUTARY_EVENT_SCHEMA, JsonSchema, ISO_8601_FORMAT } from '@tributary/contracts';
import fc from 'fast-check';

/** The JSON Schema keywords the walker generates for; any other validating keyword is an error, not a silent gap. */
interface Schema extends JsonSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  nullable?: boolean;
  enum?: readonly unknown[];
  properties?: Record<string, Schema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  oneOf?: ReadonlyArray<{ required: readonly string[] }>;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
}

const KNOWN = new Set(['type', 'nullable', 'enum', 'properties', 'required', 'additionalProperties', 'oneOf', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'format']);
const ANNOTATIONS = new Set(['description', 'example', 'x-reason']);

/**
 * Events generated from TRIBUTARY_EVENT_SCHEMA, so that a change to the schema changes them: three in four
 * are built to keep to it, at its edges (a random date may still name no day, a full event may
 * outgrow the size limit); one in four carries faults (wrong types, values beyond the bounds,
 * unknown or missing fields, lone surrogates) for the validator to refuse.
 */
export function eventArbitrary(schema: JsonSchema = TRIBUTARY_EVENT_SCHEMA): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: arbitraryFromSchema(schema) }, { weight: 1, arbitrary: arbitraryFromSchema(schema, true) });
}

export function arbitraryFromSchema(schema: JsonSchema, faults = false): fc.Arbitrary<unknown> {
  const s = schema as Schema;
  const unknown = Object.keys(s).filter((keyword) => !KNOWN.has(keyword) && !ANNOTATIONS.has(keyword));
  if (unknown.length > 0) throw new Error(`event-arbitrary cannot generate for ${unknown.join(', ')}: teach it the keyword`);
  if (!s.type || !GENERATORS[s.type]) throw new Error(`event-arbitrary cannot generate for type ${s.type}`);
  const valid = s.enum ? fc.constantFrom(...s.enum) : GENERATORS[s.type](s, faults);
  const value = s.nullable ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(null) }) : valid;
  if (!faults) return value;
  return fc.oneof({ weight: 12, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(WRONG_TYPE[s.type], ...(s.enum ? ['WEB'] : [])) });
}

const WRONG_TYPE: Record<string, unknown> = { object: 'an object', array: {}, string: 42, number: '1', integer: '1', boolean: 'true' };

const GENERATORS: Record<string, (s: Schema, faults: boolean) => fc.Arbitrary<unknown>> = { object: objectOf, array: arrayOf, string: stringOf, number: numberOf, integer: numberOf, boolean: () => fc.boolean() };

const sometimes = (faults: boolean) => (faults ? fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false));

function objectOf(s: Schema, faults: boolean): fc.Arbitrary<unknown> {
  const properties = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  // oneOf of `required` branches: exactly one branch's fields present, or (faults) none or all of them.
  const branches = (s.oneOf ?? []).map((branch) => branch.required);
  const exclusive = new Set(branches.flat());
  const chosen: fc.Arbitrary<readonly string[]> = branches.length === 0 ? fc.constant([]) : fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...branches) }, ...(faults ? [fc.constant([]), fc.constant(branches.flat())] : []));
  const fields = properties.map(([name, sub]) => fc.record({ present: fc.boolean(), missing: sometimes(faults), value: arbitraryFromSchema(sub, faults) }).map((field) => ({ name, ...field })));
  const unknownField = s.additionalProperties === false ? sometimes(faults) : fc.constant(false);
  return fc.tuple(chosen, fc.tuple(...fields), unknownField).map(([branch, generated, withUnknown]) => {
    const object: Record<string, unknown> = {};
    for (const { name, present, missing, value } of generated) {
      const wanted = exclusive.has(name) ? branch.includes(name) : required.has(name) ? !missing : present;
      if (wanted) object[name] = value;
    }
    if (withUnknown) object.unknown_field = 1;
    return object;
  });
}

function arrayOf(s: Schema, faults: boolean): fc.Arbitrary<unknown> {
  if (!s.items) throw new Error('event-arbitrary: an array schema needs items');
  const item = arbitraryFromSchema(s.items, faults);
  const min = s.minItems ?? 0;
  const max = s.maxItems ?? min + 10;
  const edges = fc.constantFrom(min, max, ...(faults ? [max + 1] : [])).chain((n) => fc.array(item, { minLength: n, maxLength: n }));
  return fc.oneof({ weight: 8, arbitrary: fc.array(item, { minLength: min, maxLength: Math.min(max, min + 4) }) }, { weight: 1, arbitrary: edges });
}

/** One code point each: astral (one code point, two UTF-16 units), combining, RTL, zero-width, NUL, controls, escapes. */
const ODD_CODE_POINTS = ['😀', '𝄞', '\u0301', '\u202e', 'ש', 'ع', '\u200b', '\u200d', '\ufeff', '\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\\', '"', "'", '\n', '\t', '\u2028', '\uffff', '\ufffd'];

function codePoint(faults: boolean): fc.Arbitrary<string> {
  const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_CODE_POINTS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    ...(faults ? [{ weight: 1, arbitrary: loneSurrogate }] : []),
  );
}

function stringOf(s: Schema, faults: boolean): fc.Arbitrary<unknown> {
  if (s.format === ISO_8601_FORMAT) return isoDate(faults);
  if (s.format) throw new Error(`event-arbitrary cannot generate format ${s.format}`);
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? min + 64;
  const points = (n: number) => fc.array(codePoint(faults), { minLength: n, maxLength: n });
  // At the limits, a short run of code points repeated: as odd as random ones, far cheaper to generate.
  const ofLength = (n: number) => fc.array(codePoint(faults), { minLength: Math.min(n, 1), maxLength: Math.min(n, 16) }).map((run) => Array.from({ length: n }, (_, i) => run[i % run.length]));
  const edges = [min, max, ...(faults ? [max + 1, ...(min > 0 ? [min - 1] : [])] : [])];
  return fc
    .oneof({ weight: 12, arbitrary: fc.integer({ min, max: Math.min(max, min + 12) }).chain(points) }, { weight: 1, arbitrary: fc.constantFrom(...edges).chain(ofLength) })
    .map((codePoints) => codePoints.join(''));
}

function numberOf(s: Schema, faults: boolean): fc.Arbitrary<unknown> {
  const integer = s.type === 'integer';
  const min = s.minimum ?? -Number.MAX_VALUE;
  const max = s.maximum ?? Number.MAX_VALUE;
  const fits = (n: number) => n >= min && n <= max && (!integer || Number.isInteger(n));
  const edges = [min, max, 0, -0, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53 - 1, 2 ** 53 + 1, 1e28, -1e28, 0.1, min + 0.5, max - 0.5].filter(fits);
  // Infinity and NaN cross JSON as null.
  const beyond = [min - 1, max + 1, min - 1e-3, max + 1e-3, -Number.MIN_VALUE, 0.5, 2 ** 53 + 1, Infinity, NaN].filter((n) => !fits(n));
  const any = fc.double({ min, max, noNaN: true });
  const random = integer ? any.map(Math.trunc) : any;
  // A client's decimal fractions (seconds with milliseconds), not only binary ones.
  const decimal = any.map((n) => Math.round(n * 1000) / 1000).filter(fits);
  return fc.oneof(
    { weight: 4, arbitrary: random },
    { weight: 2, arbitrary: fc.constantFrom(...edges) },
    { weight: 2, arbitrary: integer ? random : decimal },
    ...(faults ? [{ weight: 2, arbitrary: fc.constantFrom(...beyond) }] : []),
  );
}

/** Formats that isEventDate refuses whatever the range. */
const MALFORMED_DATES = ['2024-01-15T24:00:00Z', '2024-01-15T10:30:00.1234567890Z', '2024-01-15T10:30:00,5Z', '15/01/2024'];

/** ISO 8601 dates: random ones across the event range (leap days, Feb 30 included), and its ends in every zone form. */
function isoDate(faults: boolean): fc.Arbitrary<string> {
  const [first, last] = [EVENT_LIMITS.minTimestamp * 1000, EVENT_LIMITS.maxTimestamp * 1000];
  const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
  const fraction = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 }).map((digits) => `.${digits}`);
  const seconds = fc.option(fc.tuple(two(0, 59), fc.option(fraction, { nil: '' })).map(([s, f]) => `:${s}${f}`), { nil: '' });
  const zone = fc.constantFrom('', 'Z', '+14:00', '-12:00', '+05:30', '-0330', '+00:00');
  const time = fc.option(fc.tuple(two(0, 23), two(0, 59), seconds, zone).map(([h, m, s, z]) => `T${h}:${m}${s}${z}`), { nil: '' });
  const year = fc.integer({ min: new Date(first).getUTCFullYear() - 1, max: new Date(last).getUTCFullYear() });
  const composed = fc.tuple(year, two(1, 12), two(1, 31), time).map(([y, m, d, t]) => `${y}-${m}-${d}${t}`);
  const ends = fc.tuple(fc.constantFrom(first, last, ...(faults ? [first - 1, last + 1] : [])), fc.constantFrom(0, 14 * 60, -12 * 60, undefined), fc.boolean());
  const edge = ends.map(([instant, offsetMinutes, nanos]) => {
    const local = new Date(instant + (offsetMinutes ?? 0) * 60_000).toISOString().slice(0, -1) + (nanos ? '000000' : '');
    if (offsetMinutes === undefined) return local;
    const hours = String(Math.abs(offsetMinutes) / 60).padStart(2, '0');
    return offsetMinutes === 0 ? `${local}Z` : `${local}${offsetMinutes < 0 ? '-' : '+'}${hours}:00`;
  });
  return fc.oneof({ weight: 4, arbitrary: composed }, { weight: 1, arbitrary: edge }, ...(faults ? [fc.constantFrom(...MALFORMED_DATES)] : []));
}
