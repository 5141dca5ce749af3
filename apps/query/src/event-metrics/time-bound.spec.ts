import { parseTimeBound } from './time-bound';

describe('time bounds of a metrics range', () => {
  it('reads Unix seconds and ISO 8601, a time without a zone as UTC whatever the server zone', () => {
    expect(parseTimeBound('1704067200')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseTimeBound('2024-01-01')?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(parseTimeBound('2024-01-01T10:30')?.toISOString()).toBe('2024-01-01T10:30:00.000Z');
    expect(parseTimeBound('2024-01-01T10:30:00+02:00')?.toISOString()).toBe('2024-01-01T08:30:00.000Z');
  });

  it.each(['2024-02-30T00:00:00Z', '2023-02-29', '2024-13-01', '2024-01-01T24:00:00Z', '2024-01-01T10:61Z', 'yesterday', '-1', ''])(
    'refuses %s instead of rolling it over',
    (text) => {
      expect(parseTimeBound(text)).toBeUndefined();
    },
  );
});
