import { instantOfIsoDate, instantOfUnixSeconds, isEventDate, isIsoDate } from './iso-date';

describe('ISO 8601 dates', () => {
  it.each(['2024-01-15', '2024-01-15T10:30', '2024-01-15T10:30:00Z', '2024-01-15T10:30:00.123456+05:30', '2024-02-29T23:59:59-0800'])('accepts %s', (text) => {
    expect(isIsoDate(text)).toBe(true);
  });

  it.each(['15/01/2024', '2024-1-15', '2023-02-29', '2024-13-01', '2024-01-15T24:00:00Z', '2024-01-15T10:60Z', '2024-01-15 10:30:00Z', '2024-W03', 'today'])('refuses %s', (text) => {
    expect(isIsoDate(text)).toBe(false);
  });

  it('reads a time without a zone as UTC and keeps an explicit zone', () => {
    expect(instantOfIsoDate('2024-01-15T10:30:00').toISOString()).toBe('2024-01-15T10:30:00.000Z');
    expect(instantOfIsoDate('2024-01-15T10:30:00+05:30').toISOString()).toBe('2024-01-15T05:00:00.000Z');
    expect(instantOfIsoDate('2024-01-15').toISOString()).toBe('2024-01-15T00:00:00.000Z');
  });
});

describe('event dates', () => {
  it('keeps to the range of timestamp, 2000-01-01 to 2100-01-01', () => {
    expect(isEventDate('2000-01-01')).toBe(true);
    expect(isEventDate('2100-01-01T00:00:00Z')).toBe(true);
    expect(isEventDate('1999-12-31T23:59:59Z')).toBe(false);
    expect(isEventDate('2100-01-01T00:00:00.001Z')).toBe(false);
    expect(isEventDate('2024-02-30')).toBe(false);
  });
});

describe('Unix seconds', () => {
  it('keep their milliseconds exactly, where multiplying by 1000 would land one early', () => {
    expect(2157681742.982 * 1000).toBeLessThan(2157681742982);
    expect(instantOfUnixSeconds(2157681742.982).toISOString()).toBe('2038-05-17T04:02:22.982Z');
    expect(instantOfUnixSeconds(2175030406.515).toISOString().slice(-5)).toBe('.515Z');
    expect(instantOfUnixSeconds(1705314600).toISOString()).toBe('2024-01-15T10:30:00.000Z');
    expect(instantOfUnixSeconds(1705314600.5).toISOString()).toBe('2024-01-15T10:30:00.500Z');
    expect(instantOfUnixSeconds(1705314600.0129).toISOString()).toBe('2024-01-15T10:30:00.012Z');
  });
});
