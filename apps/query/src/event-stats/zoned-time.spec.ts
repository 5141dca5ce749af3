import { canonicalTimeZone, zonedIso } from './zoned-time';

describe('time zones', () => {
  it.each([
    ['UTC', 'UTC'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['US/Eastern', 'America/New_York'],
    ['Etc/GMT+1', 'Etc/GMT+1'],
  ])('reads %s as %s', (name, canonical) => {
    expect(canonicalTimeZone(name)).toBe(canonical);
  });

  it.each(['', 'Mars/Olympus', '+01:00', 'Z', 'Europe/Berlin ', ' UTC', 42, ['UTC']])('refuses %j', (name) => {
    expect(canonicalTimeZone(name)).toBeUndefined();
  });
});

describe("a bucket's start with the zone's offset", () => {
  it.each([
    [1711839600, 3600, '2024-03-31T00:00:00+01:00'],
    [1711922400, 7200, '2024-04-01T00:00:00+02:00'],
    [1725768000, -10800, '2024-09-08T01:00:00-03:00'],
    [1704046500, 20700, '2024-01-01T00:00:00+05:45'],
    [1704067200, 0, '2024-01-01T00:00:00+00:00'],
    [1704067200, -34200, '2023-12-31T14:30:00-09:30'],
  ])('writes %d at offset %d as %s', (epochSeconds, offset, iso) => {
    expect(zonedIso(epochSeconds, offset)).toBe(iso);
    expect(Date.parse(iso) / 1000).toBe(epochSeconds);
  });
});
