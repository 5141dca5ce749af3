import { CANONICAL_EVENT_SCHEMA, compileSchema, IP_ADDRESS_FORMAT, JsonSchema, parseJsonUtf8, TRIBUTARY_SOURCE, Validated, validatePayload } from '@tributary/contracts';
import fc from 'fast-check';
import { isIP } from 'node:net';
import { arbitraryFromSchema, eventArbitrary } from './event-arbitrary';

const acceptedBy = (validate: (value: unknown) => Validated<unknown>) => (event: unknown) => {
  const parsed = parseJsonUtf8(Buffer.from(JSON.stringify(event)), '');
  return parsed.ok && validate(parsed.value).ok;
};
const accepts = acceptedBy((value) => validatePayload(TRIBUTARY_SOURCE, value));
const acceptsCanonical = acceptedBy(compileSchema(CANONICAL_EVENT_SCHEMA));

/** Every value in a JSON value, with its object keys and its depth. */
function* walk(value: unknown, depth = 0): Generator<{ value: unknown; key?: string; depth: number }> {
  yield { value, depth };
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (!Array.isArray(value)) yield { value: child, key, depth: depth + 1 };
    yield* walk(child, depth + 1);
  }
}

describe('eventArbitrary', () => {
  const events = fc.sample(eventArbitrary(), { numRuns: 400, seed: 42 });

  it('generates events the validator accepts and events it refuses', () => {
    const accepted = events.filter(accepts).length;
    expect(accepted).toBeGreaterThan(events.length * 0.3);
    expect(accepted).toBeLessThan(events.length * 0.9);
  });

  it('reaches the edges: full arrays, strings at the length limit, dates at both ends', () => {
    const fields = events as Array<Record<string, unknown>>;
    expect(fields.some(({ event_params }) => Array.isArray(event_params) && event_params.length === 100)).toBe(true);
    expect(fields.some(({ name }) => typeof name === 'string' && [...name].length === 128)).toBe(true);
    expect(fields.some(({ date }) => typeof date === 'string' && date.startsWith('2000-01-01T00:00:00.000'))).toBe(true);
    expect(fields.some(({ date }) => typeof date === 'string' && date.startsWith('2100-01-01T00:00:00.000'))).toBe(true);
  });

  it('generates canonical events the writer accepts and events it refuses', () => {
    const canonical = fc.sample(eventArbitrary(CANONICAL_EVENT_SCHEMA), { numRuns: 400, seed: 42 });
    const accepted = canonical.filter(acceptsCanonical) as Array<Record<string, unknown>>;
    expect(accepted.length).toBeGreaterThan(canonical.length * 0.3);
    expect(accepted.length).toBeLessThan(canonical.length * 0.9);
    expect(accepted.some(({ id }) => typeof id === 'string')).toBe(true);
    expect(accepted.some(({ country }) => typeof country === 'string')).toBe(true);
    expect(accepted.some(({ properties }) => properties && Object.keys(properties).length > 0)).toBe(true);
  });

  it('follows the schema it is given', () => {
    fc.assert(fc.property(arbitraryFromSchema({ type: 'string', minLength: 2, maxLength: 3 }), (text) => [...(text as string)].length >= 2 && [...(text as string)].length <= 3));
    fc.assert(fc.property(arbitraryFromSchema({ type: 'integer', minimum: -1, maximum: 1 }), (n) => Number.isInteger(n) && (n as number) >= -1 && (n as number) <= 1));
  });

  describe('pattern', () => {
    const schema = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$', minLength: 1, maxLength: 8 };

    it('generates strings matching it, within the lengths, up to the longest', () => {
      fc.assert(fc.property(arbitraryFromSchema(schema), (text) => /^[a-z0-9][a-z0-9_-]*$/.test(text as string) && (text as string).length <= 8));
      expect(fc.sample(arbitraryFromSchema(schema), { numRuns: 200, seed: 1 }).some((text) => (text as string).length === 8)).toBe(true);
    });

    it('with faults, also near misses, which the validator refuses', () => {
      const validate = compileSchema(schema);
      const texts = fc.sample(arbitraryFromSchema(schema, true), { numRuns: 400, seed: 1 }).filter((text): text is string => typeof text === 'string');
      const misses = texts.filter((text) => !/^[a-z0-9][a-z0-9_-]*$/.test(text));
      expect(misses.length).toBeGreaterThan(0);
      expect(misses.filter((text) => validate(text).ok)).toEqual([]);
    });
  });

  describe('format ip-address', () => {
    const schema = { type: 'string', format: IP_ADDRESS_FORMAT };

    it('generates IPv4 and IPv6 addresses, mapped IPv4 and zone ids among them', () => {
      const addresses = fc.sample(arbitraryFromSchema(schema), { numRuns: 400, seed: 1 }) as string[];
      expect(addresses.filter((address) => isIP(address) === 0)).toEqual([]);
      expect(addresses.some((address) => isIP(address) === 4)).toBe(true);
      expect(addresses.some((address) => isIP(address) === 6 && !address.includes('.'))).toBe(true);
      expect(addresses.some((address) => /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address))).toBe(true);
      expect(addresses.some((address) => address.includes('%'))).toBe(true);
    });

    it('with faults, also malformed addresses, which the validator refuses', () => {
      const validate = compileSchema(schema);
      const malformed = (fc.sample(arbitraryFromSchema(schema, true), { numRuns: 400, seed: 1 }) as unknown[]).filter((address) => typeof address === 'string' && isIP(address) === 0);
      expect(malformed.length).toBeGreaterThan(0);
      expect(malformed.filter((address) => validate(address).ok)).toEqual([]);
    });
  });

  describe('free-form object', () => {
    const objects = fc.sample(arbitraryFromSchema({ type: 'object' }), { numRuns: 400, seed: 1 });
    const parts = objects.flatMap((object) => [...walk(object)]);

    it('generates JSON objects that come through the JSON round trip', () => {
      expect(objects.every((object) => object !== null && typeof object === 'object' && !Array.isArray(object))).toBe(true);
      expect(objects.every((object) => parseJsonUtf8(Buffer.from(JSON.stringify(object)), '').ok)).toBe(true);
    });

    it('with odd keys: empty, dotted, constructor as a field, non-ASCII', () => {
      const keys = new Set(parts.flatMap(({ key }) => (key === undefined ? [] : [key])));
      expect([...keys].filter((key) => ['', 'a.b', 'constructor'].includes(key)).sort()).toEqual(['', 'a.b', 'constructor']);
      expect([...keys].some((key) => /[^\x00-\x7f]/.test(key))).toBe(true);
    });

    it('with nesting (some deep), nulls, arrays, booleans, strings, and big and tiny numbers', () => {
      expect(Math.max(...parts.map(({ depth }) => depth))).toBeGreaterThanOrEqual(20);
      const values = parts.map(({ value }) => value);
      expect(values.some((value) => value === null)).toBe(true);
      expect(values.some((value) => Array.isArray(value) && value.length > 0)).toBe(true);
      expect(values.some((value) => typeof value === 'boolean')).toBe(true);
      expect(values.some((value) => typeof value === 'string')).toBe(true);
      const numbers = values.filter((value): value is number => typeof value === 'number');
      expect(numbers.some((n) => Math.abs(n) > 2 ** 64)).toBe(true);
      expect(numbers.some((n) => n !== 0 && Math.abs(n) < 1e-300)).toBe(true);
      expect(numbers.every(Number.isFinite)).toBe(true);
    });

    it('with faults, also arrays and lone surrogates, which the validator refuses', () => {
      const refuses = (value: unknown) => !acceptedBy(compileSchema({ type: 'object' }))(value);
      const faulty = fc.sample(arbitraryFromSchema({ type: 'object' }, true), { numRuns: 400, seed: 1 });
      expect(faulty.some((value) => Array.isArray(value) && refuses(value))).toBe(true);
      const loneSurrogate = (text: unknown) => typeof text === 'string' && /\p{Cs}/u.test(text);
      expect(faulty.some((value) => [...walk(value)].some(({ key, value: part }) => loneSurrogate(key) || loneSurrogate(part)) && refuses(value))).toBe(true);
    });
  });

  it('refuses to guess a keyword or a format it does not know', () => {
    const unknown: JsonSchema[] = [{ type: 'number', multipleOf: 2 }, { type: 'object', maxProperties: 3 }, { type: 'object', patternProperties: { '^a': { type: 'string' } } }];
    for (const schema of unknown) expect(() => arbitraryFromSchema(schema)).toThrow(/multipleOf|maxProperties|patternProperties/);
    expect(() => arbitraryFromSchema({ type: 'string', format: 'email' })).toThrow(/format email/);
    expect(() => arbitraryFromSchema({ type: 'string', pattern: '^a', format: IP_ADDRESS_FORMAT })).toThrow(/pattern and format/);
  });
});
