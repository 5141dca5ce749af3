import fc from 'fast-check';
import { DIMENSION_NAMES, DIMENSIONS, dimensionFilterSql, dimensionSql, parseDimension, propertyNeedles } from './dimensions';
import { QueryParams } from '../query-params';

describe('the dimension registry', () => {
  it('maps each public name to a column of the events table, and names none twice', () => {
    const columns = DIMENSION_NAMES.map((name) => DIMENSIONS[name].column);
    expect(columns.every((column) => /^[a-z_]+$/.test(column))).toBe(true);
    expect(new Set(columns).size).toBe(columns.length);
    expect(DIMENSIONS.channel.column).toBe('channel_type');
    expect(DIMENSIONS.os.column).toBe('device_operating_system');
  });

  it.each(DIMENSION_NAMES)('reads %s as a column dimension', (name) => {
    expect(parseDimension(name)).toEqual({ kind: 'column', name });
  });

  it.each(['property.plan', 'property.a.b', 'property.$browser', 'property. spaced ', `property.${'k'.repeat(128)}`, `property.${'😀'.repeat(128)}`])('reads %s as a property', (name) => {
    expect(parseDimension(name)).toEqual({ kind: 'property', name, key: name.slice('property.'.length) });
  });

  it.each(['', 'Country', 'country ', 'channel_type', 'device_operating_system', 'toString', 'property.', 'property', 'properties.plan', 'property.a,b', 'property.a:b', `property.${'k'.repeat(129)}`, 'constructor', '__proto__'])(
    'refuses %j',
    (name) => {
      expect(parseDimension(name)).toBeUndefined();
    },
  );
});

describe("a dimension's SQL", () => {
  it("is the registry's column", () => {
    const params = new QueryParams();
    expect(dimensionSql({ kind: 'column', name: 'browser' }, params.bind)).toBe('device_browser_name');
    expect(params.values).toEqual({});
  });

  it("binds a property's key, and reads a string as itself and any other JSON value as its text", () => {
    const params = new QueryParams();
    const key = "plan') OR 1=1 --";
    const sql = dimensionSql({ kind: 'property', name: `property.${key}`, key }, params.bind);
    expect(sql).toBe("if(JSONType(properties, {p0:String}) = 'String', JSONExtractString(properties, {p0:String}), JSONExtractRaw(properties, {p0:String}))");
    expect(params.values).toEqual({ p0: key });
  });
});

describe("a dimension's filter", () => {
  const property = (key: string) => ({ kind: 'property' as const, name: `property.${key}`, key });
  const PROPERTY_SQL = (key: string) => `if(JSONType(properties, {${key}:String}) = 'String', JSONExtractString(properties, {${key}:String}), JSONExtractRaw(properties, {${key}:String}))`;

  it("is a column's values, bound", () => {
    const params = new QueryParams();
    expect(dimensionFilterSql({ kind: 'column', name: 'country' }, ['DE', 'FR'], params.bind)).toBe('country IN {p0:Array(String)}');
    expect(params.values).toEqual({ p0: ['DE', 'FR'] });
  });

  it("searches a property's text for the field as JSON.stringify writes it, then keeps the exact condition", () => {
    const params = new QueryParams();
    expect(dimensionFilterSql(property('level'), ['error'], params.bind)).toBe(`(position(properties, {p0:String}) > 0 AND ${PROPERTY_SQL('p1')} IN {p2:Array(String)})`);
    expect(params.values).toEqual({ p0: '"level":"error"', p1: 'level', p2: ['error'] });
  });

  it('searches for any of several texts at once', () => {
    const params = new QueryParams();
    expect(dimensionFilterSql(property('plan'), ['pro', 'free'], params.bind)).toBe(`(multiSearchAny(properties, {p0:Array(String)}) AND ${PROPERTY_SQL('p1')} IN {p2:Array(String)})`);
    expect(params.values).toEqual({ p0: ['"plan":"pro"', '"plan":"free"'], p1: 'plan', p2: ['pro', 'free'] });
  });

  it("binds the key and values as they are, quotes and all: the SQL holds only placeholders", () => {
    const params = new QueryParams();
    const key = "plan') OR 1=1 --";
    const value = "x' OR '1'='1";
    expect(dimensionFilterSql(property(key), [value], params.bind)).toBe(`(position(properties, {p0:String}) > 0 AND ${PROPERTY_SQL('p1')} IN {p2:Array(String)})`);
    expect(params.values).toEqual({ p0: `"plan') OR 1=1 --":"x' OR '1'='1"`, p1: key, p2: [value] });
  });

  it("is the exact condition alone where no text can be searched for: the value '' (an event without the key has it)", () => {
    const params = new QueryParams();
    expect(dimensionFilterSql(property('plan'), ['pro', ''], params.bind)).toBe(`${PROPERTY_SQL('p0')} IN {p1:Array(String)}`);
    expect(params.values).toEqual({ p0: 'plan', p1: ['pro', ''] });
  });
});

describe("the texts a property filter searches for", () => {
  it.each([
    ['a string: the field as JSON.stringify writes it', 'plan', ['pro'], ['"plan":"pro"']],
    ['several strings: any of them', 'plan', ['pro', 'free', 'pro'], ['"plan":"pro"', '"plan":"free"']],
    ['escapes as JSON.stringify does', 'it\'s "k"', ['a"b\\c/é😀\n\u0001\u2028'], ['"it\'s \\"k\\"":"a\\"b\\\\c/é😀\\n\\u0001\u2028"']],
    ['true, false, null: as a string or the JSON value', 'trial', ['true', 'false', 'null'], ['"trial":"true"', '"trial":true', '"trial":"false"', '"trial":false', '"trial":"null"', '"trial":null']],
    ['an integer of up to 15 digits: as a string or the number', 'seats', ['3', '0', '-12', '123456789012345'], ['"seats":"3"', '"seats":3', '"seats":"0"', '"seats":0', '"seats":"-12"', '"seats":-12', '"seats":"123456789012345"', '"seats":123456789012345']],
    ['a word that merely begins like a JSON literal: a string only', 'plan', ['nothing', 'truest', 'True'], ['"plan":"nothing"', '"plan":"truest"', '"plan":"True"']],
  ])('%s', (_, key, values, needles) => {
    expect(propertyNeedles(key, values)).toEqual(needles);
  });

  // ClickHouse writes these in a form of its own (1e21 for 1e+21, 2.5 for 2.50, an object without
  // spaces, `/` as is): only the key is sure to be in the text.
  it.each([['2.5'], ['1e21'], ['1e+21'], ['-0'], ['007'], ['1234567890123456'], ['{"a":1}'], ['[1,2]'], ['.5'], ['+1'], ['Infinity'], ['-inf'], ['NaN'], ['nan']])(
    '%j, which a number, object or array may read as: only the key',
    (value) => {
      expect(propertyNeedles('n', [value])).toEqual(['"n":']);
      expect(propertyNeedles('n', ['pro', value])).toEqual(['"n":']);
    },
  );

  it('are only the key past 255 texts, the most one multiSearchAny takes', () => {
    const values = Array.from({ length: 128 }, (_, i) => String(i + 1));
    expect(propertyNeedles('n', values.slice(0, 127))).toHaveLength(254);
    expect(propertyNeedles('n', values)).toEqual(['"n":']);
  });

  it.each([
    ['no value', 'plan', []],
    ["the value ''", 'plan', ['pro', '']],
    ['a lone surrogate in a value', 'plan', ['a\ud800']],
    ['a lone surrogate in the key', 'pl\udc00an', ['pro']],
  ])('are none for %s', (_, key, values) => {
    expect(propertyNeedles(key, values)).toBeUndefined();
  });

  /**
   * The filter's meaning (dimensions.ts): a string reads as itself, any other value as its JSON
   * text, which ClickHouse writes in its own form; JSON.stringify's is one such form, and where
   * ClickHouse's differs the needles are the key's alone, which any form has.
   */
  const readAs = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

  it('are in the stored text of every event whose property reads as one of the values', () => {
    const key = fc.oneof(fc.constantFrom('plan', 'a"b', 'é/\\', 'level'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }));
    const value = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('true', '3', 'null', '', '"', '\u2028', '\u0001'), fc.jsonValue());
    fc.assert(
      fc.property(key, value, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.array(fc.string(), { maxLength: 3 }), (k, v, others, otherValues) => {
        const text = JSON.stringify({ ...others, [k]: v });
        const needles = propertyNeedles(k, [...otherValues, readAs(v)]);
        return needles === undefined || needles.some((needle) => text.includes(needle));
      }),
      { numRuns: 2000 },
    );
  });
});
