import fc from 'fast-check';
import { EVENT_LIMITS as L } from '../event/limits';

/** Values as producers send them, for tests: odd text, dates, addresses, numbers, any JSON. */

/** One code point each: astral (two UTF-16 units), combining, RTL, zero-width, controls, JSON escapes. */
const ODD_CODE_POINTS = ['😀', '𝄞', '\u0301', '\u202e', 'ש', '\u200b', '\ufeff', '\u0000', '\u001f', '\u007f', '\u0085', '\\', '"', '\n', '\u2028', '\uffff', '\ufffd', ' ', '/', ':', '%'];

const codePoint = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_CODE_POINTS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/** `length` code points: a short run repeated, as odd as random ones and far cheaper to generate. */
function repeatedRun(length: number): fc.Arbitrary<string> {
  return fc.array(codePoint, { minLength: Math.min(length, 1), maxLength: Math.min(length, 16) }).map((run) => Array.from({ length }, (_, i) => run[i % run.length]).join(''));
}

/** Text of `min` to `max` code points (as Ajv counts length): mostly short, now and then at either bound. */
export function text(min = 0, max = min + 16): fc.Arbitrary<string> {
  const short = fc.integer({ min, max: Math.min(max, min + 12) }).chain((length) => fc.array(codePoint, { minLength: length, maxLength: length }).map((points) => points.join('')));
  return fc.oneof({ weight: 6, arbitrary: short }, { weight: 1, arbitrary: fc.constantFrom(min, max).chain(repeatedRun) });
}

/** Text at and just beyond the lengths of the canonical event's columns, which a mapping has to cut. */
const columnLongText = fc.constantFrom(L.keyLength, L.shortStringLength, L.stringValueLength).chain((length) => fc.constantFrom(length, length + 1, 2 * length).chain(repeatedRun));

const [FIRST_INSTANT, LAST_INSTANT] = [L.minTimestamp * 1000, L.maxTimestamp * 1000];

/**
 * ISO 8601 dates around the event range (2000..2100): a date alone or with a time, seconds,
 * up to 9 fraction digits and any zone form; now and then one of the range's ends. `separators`:
 * what stands between date and time (' ' for the spaced form).
 */
export function isoDate(separators: readonly string[] = ['T']): fc.Arbitrary<string> {
  const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
  const fraction = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 }).map((digits) => `.${digits}`);
  const seconds = fc.option(fc.tuple(two(0, 59), fc.option(fraction, { nil: '' })).map(([s, f]) => `:${s}${f}`), { nil: '' });
  const zone = fc.constantFrom('', 'Z', '+14:00', '-12:00', '+05:30', '-0330', '+00:00');
  const time = fc.option(fc.tuple(fc.constantFrom(...separators), two(0, 23), two(0, 59), seconds, zone).map(([t, h, m, s, z]) => `${t}${h}:${m}${s}${z}`), { nil: '' });
  const composed = fc.tuple(fc.integer({ min: 1999, max: 2100 }), two(1, 12), two(1, 31), time).map(([y, m, d, t]) => `${y}-${m}-${d}${t}`);
  const ends = fc.tuple(fc.constantFrom(FIRST_INSTANT, LAST_INSTANT), fc.constantFrom('Z', '', '000000Z')).map(([instant, suffix]) => new Date(instant).toISOString().slice(0, -1) + suffix);
  return fc.oneof({ weight: 6, arbitrary: composed }, { weight: 1, arbitrary: ends });
}

/** Forms Node's isIP takes beyond fast-check's own: mapped IPv4, upper case, padded groups, zone ids. */
const ODD_IP_ADDRESSES = ['::', '::1', '0.0.0.0', '::ffff:1.2.3.4', '::FFFF:192.168.0.1', '2001:0db8:0000:0000:0000:ff00:0042:8329', 'FE80::ABCD:EF01', 'fe80::1%eth0', '1::'];

export const ipAddress: fc.Arbitrary<string> = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom(...ODD_IP_ADDRESSES));

/** The ends of Float64 and of exact integers, subnormals, and numbers JSON writes with an exponent. */
export const EXTREME_NUMBERS = [0, -0, 0.1, -1, Number.MIN_VALUE, 1e-7, 1e21, -1e21, 1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 53)];

const anyNumber = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.nat({ max: 100_000 }), fc.constantFrom(...EXTREME_NUMBERS));

/** A field's name: mostly one of `fieldNames` (the fields a reader looks for), else random. */
export function fieldName(fieldNames: readonly string[] = []): fc.Arbitrary<string> {
  return fieldNames.length === 0 ? text(0, 12) : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: text(0, 12) });
}

/**
 * Any JSON value, as a producer's own fields hold it: nested objects and arrays, URLs, dates,
 * addresses, long text. Object keys are drawn by `key`.
 */
export function jsonValue(key: fc.Arbitrary<string> = fieldName()): fc.Arbitrary<unknown> {
  const url = fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.tuple(fc.webUrl(), columnLongText).map(([base, path]) => `${base}/${path}`));
  const leaf = fc.oneof(
    { weight: 2, arbitrary: text() },
    { weight: 1, arbitrary: columnLongText },
    { weight: 1, arbitrary: url },
    { weight: 2, arbitrary: isoDate() },
    { weight: 1, arbitrary: ipAddress },
    { weight: 2, arbitrary: anyNumber },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  // Object.fromEntries makes `__proto__` an own field, as JSON.parse does.
  const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, { weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: tie('array') }, { weight: 2, arbitrary: tie('object') }),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((entries) => Object.fromEntries(entries)),
  }));
  return value;
}
