import { EVENT_LIMITS, IP_ADDRESS_FORMAT, ISO_8601_FORMAT, JsonSchema, TRIBUTARY_EVENT_SCHEMA } from '@tributary/contracts';
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
  pattern?: string;
}

const KNOWN = new Set(['type', 'nullable', 'enum', 'properties', 'required', 'additionalProperties', 'oneOf', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'format', 'pattern']);
const ANNOTATIONS = new Set(['description', 'example', 'x-reason']);

/**
 * Events generated from a schema (seed 000's unless told), so that a change to the schema changes
 * them: three in four are built to keep to it, at its edges (a random date may still name no
 * day, a full event may outgrow the size limit); one in four carries faults (wrong types, values
 * beyond the bounds, unknown or missing fields, lone surrogates, strings off their pattern,
 * malformed addresses) for the validator to refuse.
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
  if (!s.properties && s.additionalProperties !== false) return freeFormObject(s, faults);
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
  if (s.pattern !== undefined) return patterned(s, faults);
  if (s.format === ISO_8601_FORMAT) return isoDate(faults);
  if (s.format === IP_ADDRESS_FORMAT) return ipAddress(faults);
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

/**
 * Strings matching a pattern, within the length bounds; faults are near misses, one code point
 * slipped into a matching string (an upper-case letter in a UUID, a third letter in a country).
 */
function patterned(s: Schema, faults: boolean): fc.Arbitrary<string> {
  if (s.format) throw new Error(`event-arbitrary cannot generate for pattern and format ${s.format} together`);
  // As Ajv compiles it (unicodeRegExp): code points, not UTF-16 units.
  const pattern = new RegExp(s.pattern as string, 'u');
  const [min, max] = [s.minLength ?? 0, s.maxLength];
  const fits = (text: string) => [...text].length >= min && (max === undefined || [...text].length <= max);
  const matching = (size?: fc.SizeForArbitrary) => fc.stringMatching(pattern, { ...(max !== undefined && { maxLength: max }), size }).filter(fits);
  // Without a maxLength, size 'max' makes unbounded strings: the long ones only when bounded.
  const valid = max === undefined ? matching() : fc.oneof({ weight: 8, arbitrary: matching() }, { weight: 1, arbitrary: matching('max') });
  if (!faults) return valid;
  const nearMiss = fc
    .tuple(valid, fc.nat(), codePoint(faults))
    .map(([text, at, point]) => {
      const points = [...text];
      points.splice(at % (points.length + 1), 0, point);
      return points.join('');
    })
    .filter((text) => !pattern.test(text));
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: nearMiss });
}

/** Addresses isIP accepts beyond fast-check's: mapped and compatible IPv4, upper case, zero-padded groups, zone ids. */
const ODD_IP_ADDRESSES = ['::', '::1', '0.0.0.0', '255.255.255.255', '::ffff:1.2.3.4', '::FFFF:192.168.0.1', '::1.2.3.4', '64:ff9b::192.0.2.33', '1:2:3:4:5:6:1.2.3.4', '2001:0db8:0000:0000:0000:ff00:0042:8329', 'FE80::ABCD:EF01', 'fe80::1%eth0', 'fe80::1%1', '::ffff:1.2.3.4%1', '1::'];
/** Near misses isIP refuses. */
const MALFORMED_IP_ADDRESSES = ['', '256.1.1.1', '1.2.3', '01.2.3.4', '0x7f.0.0.1', '1.2.3.4 ', ' ::1', '1::2::3', '1:2:3:4:5:6:7:8:9', ':::', 'gggg::1', '::ffff:1.2.3.256', '1.2.3.4/24', '[::1]', 'fe80::1%', '1.2.3.4%eth0', 'localhost'];

function ipAddress(faults: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.ipV4() },
    { weight: 4, arbitrary: fc.ipV6() },
    { weight: 2, arbitrary: fc.ipV4().map((v4) => `::ffff:${v4}`) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_IP_ADDRESSES) },
    ...(faults ? [{ weight: 2, arbitrary: fc.constantFrom(...MALFORMED_IP_ADDRESSES) }] : []),
  );
}

/**
 * Keys a producer's own fields may have that a store, a parser or an object model may trip on.
 * Not `__proto__` nor `prototype` (under `constructor`): every body refuses them (prototype-keys.ts).
 */
const ODD_KEYS = ['', ' ', '.', 'a.b', 'a..b', '.a', 'constructor', 'toString', 'hasOwnProperty', '$ref', '@type', '0', '-1', '1e3', 'null', 'a"b', 'a\\b', 'a\nb', '\u0000', 'ключ', '键', '😀', 'e\u0301', 'é', '\u202e', '\ufeff'];

/** Numbers at the ends of Float64 and of exact integers, subnormals, and the ones JSON writes with an exponent. */
const EXTREME_NUMBERS = [0, -0, 0.1, -1, Number.EPSILON, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 1e-7, 1e21, 1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 53), 2 ** 63, 2 ** 64, 123456789.12345679];

/**
 * A free-form object (`{type: 'object'}`, a producer's own fields): any JSON, with odd keys,
 * nesting (now and then deep), extreme numbers, nulls and arrays.
 */
function freeFormObject(s: Schema, faults: boolean): fc.Arbitrary<unknown> {
  if (s.required || s.oneOf) throw new Error('event-arbitrary cannot generate for required or oneOf without properties');
  const text = fc.array(codePoint(faults), { maxLength: 12 }).map((points) => points.join(''));
  const key = fc.oneof({ weight: 3, arbitrary: text }, { weight: 2, arbitrary: fc.constantFrom(...ODD_KEYS) });
  const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(...EXTREME_NUMBERS));
  const objectFrom = (value: fc.Arbitrary<unknown>, maxLength: number) => fc.array(fc.tuple(key, value), { maxLength }).map((entries) => Object.fromEntries(entries));
  const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 6 }, number, text, fc.constant(null), fc.boolean(), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 5 }),
    object: objectFrom(tie('value'), 5),
  }));
  // Deep, but within the depth every body is held to (EVENT_LIMITS.jsonDepth), with room for the levels above a free-form object.
  const deep = fc.tuple(fc.integer({ min: 20, max: EVENT_LIMITS.jsonDepth - 10 }), fc.boolean(), value).map(([depth, inArrays, leaf]) => {
    let nested = leaf;
    for (let i = 0; i < depth; i++) nested = inArrays ? [nested] : { [i % 2 ? 'a.b' : '']: nested };
    return { nested };
  });
  const object = fc.oneof({ weight: 8, arbitrary: objectFrom(value, 8) }, { weight: 1, arbitrary: deep });
  return faults ? fc.oneof({ weight: 12, arbitrary: object }, { weight: 1, arbitrary: fc.constantFrom([], [{}]) }) : object;
}
