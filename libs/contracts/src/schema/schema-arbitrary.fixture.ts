import fc from 'fast-check';
import { IP_ADDRESS_FORMAT, ISO_8601_FORMAT, JsonSchema, SPACED_ISO_8601_FORMAT } from './compile-schema';
import { EXTREME_NUMBERS, fieldName, ipAddress, isoDate, jsonValue, text } from './json-arbitraries.fixture';

/**
 * Values generated from a JSON Schema (the subset the sources' schemas use), for property tests.
 * Most keep to the schema, at its edges; what a generator cannot aim at exactly (a `not`, a
 * oneOf's exclusivity beyond required fields, a date naming no day, a value over a size limit)
 * is left to the test to filter out with the schema's own validator.
 */

/** A schema, or `false` for a field that must be absent (a field another oneOf branch requires). */
type Schema = JsonSchema | false;

const KEYWORDS = new Set(['type', 'nullable', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength', 'minimum', 'maximum', 'format', 'pattern', 'oneOf', 'anyOf', 'allOf', 'not']);
const ANNOTATIONS = new Set(['description', 'example', 'default', 'x-reason']);

/** What fills what a schema leaves open: a field without a schema, an open object's own fields. */
interface Free {
  field: fc.Arbitrary<string>;
  value: fc.Arbitrary<unknown>;
}

/** The most fields of its own an open object gets. */
const MAX_OWN_FIELDS = 6;
/** Array lengths beyond this come only at the schema's bound, now and then: generating hundreds of items each run is slow. */
const USUAL_MAX_ITEMS = 4;

/**
 * `fieldNames`: names the fields of open objects are drawn from besides random ones, such as
 * the fields a mapping reads that the schema does not declare one by one.
 */
export function arbitraryOfSchema(schema: JsonSchema, fieldNames: readonly string[] = []): fc.Arbitrary<unknown> {
  const field = fieldName(fieldNames);
  return valueOf(schema, { field, value: jsonValue(field) });
}

function valueOf(schema: JsonSchema, free: Free): fc.Arbitrary<unknown> {
  const unknown = Object.keys(schema).filter((keyword) => !KEYWORDS.has(keyword) && !ANNOTATIONS.has(keyword));
  if (unknown.length > 0) throw new Error(`arbitraryOfSchema cannot generate for ${unknown.join(', ')}: teach it the keyword`);
  const { allOf, anyOf, oneOf, not, ...rest } = schema as Record<string, unknown>;
  const negated = not as JsonSchema | undefined;
  if (negated?.not) return valueOf(merged({ ...rest, allOf, anyOf, oneOf }, negated.not as JsonSchema), free);
  if (anyOf) return fc.oneof(...(anyOf as JsonSchema[]).map((branch) => valueOf(merged({ ...rest, allOf, oneOf, not }, branch), free)));
  if (oneOf) return fc.oneof(...oneOfBranches(oneOf as JsonSchema[]).map((branch) => valueOf(merged({ ...rest, allOf, not }, branch), free)));
  if (allOf) {
    const [first, ...others] = allOf as JsonSchema[];
    return valueOf(merged({ ...rest, not, ...(others.length > 0 && { allOf: others }) }, first), free);
  }
  const value = typedValueOf(schema, free);
  const excluded = negated?.enum as unknown[] | undefined;
  // Any other `not` is left to the test's filter.
  return excluded ? value.filter((generated) => !excluded.includes(generated)) : value;
}

/** Each branch with the fields only the other branches require left out: its value has exactly one branch's fields. */
function oneOfBranches(branches: JsonSchema[]): JsonSchema[] {
  const requiredBy = (branch: JsonSchema) => (branch.required as string[] | undefined) ?? [];
  return branches.map((branch) => {
    const others = branches.filter((other) => other !== branch).flatMap(requiredBy);
    const absent = others.filter((field) => !requiredBy(branch).includes(field));
    return merged(branch, { properties: Object.fromEntries(absent.map((field) => [field, false])) });
  });
}

/** Both schemas at once, as far as generating needs: fields merged, combinators both kept (the second's deferred to allOf). */
function merged(a: JsonSchema, b: JsonSchema): JsonSchema {
  const result: Record<string, unknown> = { ...a, ...b };
  if (a.properties && b.properties) result.properties = mergedProperties(a.properties as Record<string, Schema>, b.properties as Record<string, Schema>);
  if (a.required && b.required) result.required = [...new Set([...(a.required as string[]), ...(b.required as string[])])];
  if (a.not && b.not) result.not = { anyOf: [a.not, b.not] };
  const deferred = (['anyOf', 'oneOf'] as const).filter((keyword) => a[keyword] && b[keyword]);
  deferred.forEach((keyword) => (result[keyword] = a[keyword]));
  const allOf = [...((a.allOf as JsonSchema[]) ?? []), ...((b.allOf as JsonSchema[]) ?? []), ...deferred.map((keyword) => ({ [keyword]: b[keyword] }))];
  if (allOf.length > 0) result.allOf = allOf;
  return result;
}

function mergedProperties(a: Record<string, Schema>, b: Record<string, Schema>): Record<string, Schema> {
  const result = { ...a, ...b };
  for (const field of Object.keys(a)) {
    if (field in b) result[field] = a[field] === false || b[field] === false ? false : merged(a[field] as JsonSchema, b[field] as JsonSchema);
  }
  return result;
}

function typedValueOf(s: JsonSchema, free: Free): fc.Arbitrary<unknown> {
  const valid = s.const !== undefined ? fc.constant(s.const) : s.enum ? fc.constantFrom(...(s.enum as unknown[])) : ofType(s, free);
  return s.nullable ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: fc.constant(null) }) : valid;
}

function ofType(s: JsonSchema, free: Free): fc.Arbitrary<unknown> {
  const type = s.type ?? (s.properties || s.required ? 'object' : undefined);
  switch (type) {
    case undefined:
      return free.value;
    case 'object':
      return objectOf(s, free);
    case 'array':
      return arrayOf(s, free);
    case 'string':
      return stringOf(s);
    case 'number':
    case 'integer':
      return numberOf(s);
    case 'boolean':
      return fc.boolean();
    default:
      throw new Error(`arbitraryOfSchema cannot generate for type ${JSON.stringify(type)}`);
  }
}

/** Required fields always, the others now and then; an open object (the default) also some fields of its own. */
function objectOf(s: JsonSchema, free: Free): fc.Arbitrary<unknown> {
  const properties = (s.properties ?? {}) as Record<string, Schema>;
  const required = (s.required as string[] | undefined) ?? [];
  const fields = [...new Set([...Object.keys(properties), ...required])].filter((field) => properties[field] !== false);
  const model = Object.fromEntries(fields.map((field) => [field, properties[field] ? valueOf(properties[field] as JsonSchema, free) : free.value]));
  const declared = fc.record(model, { requiredKeys: required.filter((field) => fields.includes(field)) });
  const ownField = fc.tuple(free.field, free.value).filter(([field]) => !Object.hasOwn(properties, field));
  const own = s.additionalProperties === false ? fc.constant([]) : fc.array(ownField, { maxLength: MAX_OWN_FIELDS });
  // Object.fromEntries: a `__proto__` field becomes the object's own, as JSON.parse makes it.
  return fc.tuple(own, declared).map(([extra, object]) => Object.fromEntries([...extra, ...Object.entries(object)]));
}

function arrayOf(s: JsonSchema, free: Free): fc.Arbitrary<unknown> {
  const item = s.items ? valueOf(s.items as JsonSchema, free) : free.value;
  const min = (s.minItems as number | undefined) ?? 0;
  const max = (s.maxItems as number | undefined) ?? min + USUAL_MAX_ITEMS;
  const atBound = fc.constantFrom(min, max).chain((length) => fc.array(item, { minLength: length, maxLength: length }));
  return fc.oneof({ weight: 8, arbitrary: fc.array(item, { minLength: min, maxLength: Math.min(max, min + USUAL_MAX_ITEMS) }) }, { weight: 1, arbitrary: atBound });
}

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  switch (s.format) {
    case ISO_8601_FORMAT:
      return isoDate();
    case SPACED_ISO_8601_FORMAT:
      return isoDate(['T', ' ']);
    case IP_ADDRESS_FORMAT:
      return ipAddress;
    case undefined:
      break;
    default:
      throw new Error(`arbitraryOfSchema cannot generate format ${s.format}`);
  }
  const min = (s.minLength as number | undefined) ?? 0;
  const max = s.maxLength as number | undefined;
  if (s.pattern === undefined) return text(min, max);
  // As Ajv compiles a pattern (unicodeRegExp): code points, not UTF-16 units.
  const length = (value: string) => [...value].length;
  return fc.stringMatching(new RegExp(s.pattern as string, 'u'), { maxLength: max }).filter((value) => length(value) >= min && (max === undefined || length(value) <= max));
}

function numberOf(s: JsonSchema): fc.Arbitrary<number> {
  const integer = s.type === 'integer';
  const min = (s.minimum as number | undefined) ?? -Number.MAX_VALUE;
  const max = (s.maximum as number | undefined) ?? Number.MAX_VALUE;
  const fits = (n: number) => n >= min && n <= max && (!integer || Number.isInteger(n));
  const any = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  // A client's decimal fractions (seconds with milliseconds), not only binary ones.
  const decimal = any.map((n) => Math.round(n * 1000) / 1000).filter(fits);
  return fc.oneof(
    { weight: 4, arbitrary: integer ? any.map(Math.trunc) : any },
    { weight: 2, arbitrary: fc.constantFrom(min, max, ...EXTREME_NUMBERS.filter(fits)) },
    { weight: 2, arbitrary: integer ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }) : decimal },
  );
}
