import { DIMENSION_NAMES, DIMENSIONS, dimensionSql, parseDimension } from './dimensions';
import { QueryParams } from './query-params';

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
