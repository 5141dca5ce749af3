import { FILTER_REASON, GROUP_BY_REASON, mergeFilters, parseFilter, parseGroupBy } from './stats-query';

describe('group_by', () => {
  it.each([
    ['country', [{ kind: 'column', name: 'country' }]],
    ['day', [{ kind: 'time', name: 'day' }]],
    ['country,day', [{ kind: 'column', name: 'country' }, { kind: 'time', name: 'day' }]],
    ['week,os', [{ kind: 'time', name: 'week' }, { kind: 'column', name: 'os' }]],
    ['property.plan,device_category', [{ kind: 'property', name: 'property.plan', key: 'plan' }, { kind: 'column', name: 'device_category' }]],
    ['property.plan,property.seats', [{ kind: 'property', name: 'property.plan', key: 'plan' }, { kind: 'property', name: 'property.seats', key: 'seats' }]],
  ])('reads %s', (text, entries) => {
    expect(parseGroupBy(text)).toEqual({ value: entries });
  });

  it.each(['', 'colour', 'country,', ',country', 'country,os,day', 'day,hour', 'minute,minute', 'country day', 'Country', 'daily', 'property.', 'property.a:b'])(
    'refuses %j, naming the allowed entries',
    (text) => {
      expect(parseGroupBy(text)).toEqual({ reason: GROUP_BY_REASON });
    },
  );

  it('refuses an entry named twice', () => {
    expect(parseGroupBy('country,country')).toEqual({ reason: 'must not name country twice' });
    expect(parseGroupBy('property.a,property.a')).toEqual({ reason: 'must not name property.a twice' });
  });

  it('names every dimension and time bucket in its reason', () => {
    for (const name of ['channel', 'country', 'device_category', 'os', 'browser', 'app_version', 'language', 'path', 'site', 'property.<key>', 'minute', 'month']) expect(GROUP_BY_REASON).toContain(name);
  });
});

describe('filter', () => {
  it.each([
    ['country:DE', 'country', 'DE'],
    ['country:', 'country', ''],
    ['path:/a:b', 'path', '/a:b'],
    ['property.plan:pro', 'property.plan', 'pro'],
    ['property.seats:3', 'property.seats', '3'],
  ])('reads %s', (text, dimension, value) => {
    const parsed = parseFilter(text);
    expect('value' in parsed && [parsed.value.dimension.name, parsed.value.value]).toEqual([dimension, value]);
  });

  it.each(['country', 'colour:red', ':DE', 'Country:DE', 'property.:x', 'property.a,b:x'])('refuses %j', (text) => {
    expect(parseFilter(text)).toEqual({ reason: FILTER_REASON });
  });

  it('takes a value of 1024 characters, astral ones counted once, and refuses a longer one', () => {
    expect('value' in parseFilter(`path:${'😀'.repeat(1024)}`)).toBe(true);
    expect(parseFilter(`path:${'p'.repeat(1025)}`)).toEqual({ reason: FILTER_REASON });
  });

  it('merges the values of one dimension, keeping the dimensions apart', () => {
    const filters = ['country:DE', 'property.plan:pro', 'country:FR', 'country:DE'].map((text) => {
      const parsed = parseFilter(text);
      if (!('value' in parsed)) throw new Error(parsed.reason);
      return parsed.value;
    });
    expect(mergeFilters(filters)).toEqual([
      { dimension: { kind: 'column', name: 'country' }, values: ['DE', 'FR'] },
      { dimension: { kind: 'property', name: 'property.plan', key: 'plan' }, values: ['pro'] },
    ]);
  });
});
