import { GROUP_BY_ENTRIES, GROUP_BYS, GROUP_KEY_TEXT } from './group-by';

describe("seed 000's group_by, read through the stats registry", () => {
  it('is the channel dimension, or a day or hour bucket', () => {
    expect(GROUP_BYS.map((groupBy) => GROUP_BY_ENTRIES[groupBy])).toEqual([
      { kind: 'column', name: 'channel' },
      { kind: 'time', name: 'day' },
      { kind: 'time', name: 'hour' },
    ]);
  });

  it("writes each group's key as seed 000 does: the channel, the UTC day, the UTC hour", () => {
    expect(GROUP_KEY_TEXT.channel('web')).toBe('web');
    expect(GROUP_KEY_TEXT.daily('1705276800')).toBe('2024-01-15');
    expect(GROUP_KEY_TEXT.hourly(1705312800)).toBe('2024-01-15T10:00:00Z');
    expect(GROUP_KEY_TEXT.daily(946684800)).toBe('2000-01-01');
    expect(GROUP_KEY_TEXT.hourly(4102441200)).toBe('2099-12-31T23:00:00Z');
  });
});
