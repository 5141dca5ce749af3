import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidInputError } from '@tributary/platform';
import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { EventStatsQueryDto, eventStatsQueryOf } from './event-stats-query.dto';
import { FILTER_PATTERN, GROUP_BY_PATTERN } from './stats-param-validators';
import { FILTER_REASON, GROUP_BY_REASON, parseFilter, parseGroupBy } from './stats-query';

/** The query as the app's validation pipe reads it (transform, whitelist, one reason per field, without the field's name in front). */
function read(query: Record<string, unknown>): { value: EventStatsQueryDto; reasons: Record<string, string> } {
  const value = plainToInstance(EventStatsQueryDto, query);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  const reasonOf = (property: string, message: string) => (message.startsWith(`${property} `) ? message.slice(property.length + 1) : message);
  return { value, reasons: Object.fromEntries(errors.map((error) => [error.property, reasonOf(error.property, Object.values(error.constraints ?? {})[0])])) };
}

describe('the query of GET /events/stats', () => {
  it('defaults to every event, unbounded, in UTC, ungrouped, the top 100, exact', () => {
    const { value, reasons } = read({});
    expect(reasons).toEqual({});
    expect(eventStatsQueryOf(value, OPEN_READ_SCOPE)).toEqual({ scope: OPEN_READ_SCOPE, eventNames: [], tz: 'UTC', filters: [], groupBy: [], limit: 100, approximate: false });
  });

  it('reads repeated parameters as lists, one value as a list of one, and the zone under its canonical name', () => {
    const { value, reasons } = read({
      event_name: ['purchase', 'signup', 'purchase'],
      filter: 'country:DE',
      group_by: 'country,day',
      tz: 'europe/berlin',
      from: '2024-03-29T00:00:00+01:00',
      to: '1712181599',
      limit: '5',
      count: 'approximate',
    });
    expect(reasons).toEqual({});
    expect(eventStatsQueryOf(value, { project: 'shop' })).toEqual({
      scope: { project: 'shop' },
      eventNames: ['purchase', 'signup'],
      from: new Date('2024-03-28T23:00:00Z'),
      to: new Date('2024-04-03T21:59:59Z'),
      tz: 'Europe/Berlin',
      filters: [{ dimension: { kind: 'column', name: 'country' }, values: ['DE'] }],
      groupBy: [{ kind: 'column', name: 'country' }, { kind: 'time', name: 'day' }],
      limit: 5,
      approximate: true,
    });
  });

  const EVENT_NAME_REASON = 'must be event names of 1 to 128 characters, at most 100 (event_name=a&event_name=b)';
  const LIMIT_REASON = 'must be an integer from 1 to 10000';
  const TZ_REASON = 'must be an IANA time zone name, such as UTC, Europe/Berlin or America/New_York';

  it.each([
    ['event_name', '', EVENT_NAME_REASON],
    ['event_name', ['ok', 'n'.repeat(129)], EVENT_NAME_REASON],
    ['event_name', Array.from({ length: 101 }, (_, i) => `e${i}`), EVENT_NAME_REASON],
    ['from', '2024-02-30', 'must be a real date, ISO 8601 such as 2024-01-01T00:00:00Z (UTC when no zone is given), or Unix seconds'],
    ['tz', 'Mars/Olympus', TZ_REASON],
    ['tz', ['UTC', 'UTC'], TZ_REASON],
    ['filter', 'colour:red', `${FILTER_REASON} (refused: "colour:red")`],
    ['filter', ['country:DE', 'country'], `${FILTER_REASON} (refused: "country")`],
    ['filter', Array.from({ length: 21 }, (_, i) => `country:C${i}`), FILTER_REASON],
    ['group_by', 'day,hour', GROUP_BY_REASON],
    ['group_by', ['country', 'day'], GROUP_BY_REASON],
    ['group_by', 'os,os', 'must not name os twice'],
    ['limit', '0', LIMIT_REASON],
    ['limit', '10001', LIMIT_REASON],
    ['limit', 'ten', LIMIT_REASON],
    ['count', 'fast', 'must be one of exact, approximate'],
  ])('refuses %s=%j: %s', (field, value, reason) => {
    expect(read({ [field]: value }).reasons).toEqual({ [field]: reason });
  });

  it('names every invalid parameter at once', () => {
    expect(read({ limit: '0', count: 'fast', tz: 'Mars' }).reasons).toEqual({ tz: TZ_REASON, limit: LIMIT_REASON, count: 'must be one of exact, approximate' });
  });

  it('refuses a range whose end is before its start, naming to', () => {
    const { value } = read({ from: '2024-04-02', to: '2024-04-01' });
    expect(() => eventStatsQueryOf(value, OPEN_READ_SCOPE)).toThrow(new InvalidInputError([{ field: 'to', reason: 'must not be before from' }]));
  });
});

describe('the documented forms of group_by and filter', () => {
  const groupBy = new RegExp(GROUP_BY_PATTERN, 'u');
  const filter = new RegExp(FILTER_PATTERN, 'u');

  it.each(['country', 'day', 'country,day', 'month,property.plan', 'property.a b,os', 'property.😀,path', 'country,country', 'x', 'day,hour', 'country,os,day', 'country,', 'property.,day', 'property.a:b', 'daily'])(
    'match group_by=%j exactly when the parser takes it, but for an entry named twice',
    (text) => {
      const parsed = parseGroupBy(text);
      expect(groupBy.test(text)).toBe('value' in parsed || parsed.reason.includes('twice'));
    },
  );

  it.each(['country:DE', 'country:', 'path:/a:b', 'property.plan:pro', 'property.a\nb:x', 'country', 'colour:red', 'property.:x', 'property.a,b:x', 'Country:DE', `path:${'p'.repeat(1025)}`])(
    'match filter=%#: exactly when the parser takes it',
    (text) => {
      expect(filter.test(text)).toBe('value' in parseFilter(text));
    },
  );
});
