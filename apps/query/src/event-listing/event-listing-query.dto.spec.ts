import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { InvalidInputError } from '@tributary/platform';
import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { FILTER_REASON } from '../event-stats/stats-query';
import { EventListingQueryDto, eventListingQueryOf } from './event-listing-query.dto';
import { CURSOR_REASON, encodeCursor } from './listing-cursor';

/** The query as the app's validation pipe reads it (transform, whitelist, one reason per field, without the field's name in front). */
function read(query: Record<string, unknown>): { value: EventListingQueryDto; reasons: Record<string, string> } {
  const value = plainToInstance(EventListingQueryDto, query);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  const reasonOf = (property: string, message: string) => (message.startsWith(`${property} `) ? message.slice(property.length + 1) : message);
  return { value, reasons: Object.fromEntries(errors.map((error) => [error.property, reasonOf(error.property, Object.values(error.constraints ?? {})[0])])) };
}

const ID = '0b9e5f3e-1b2c-4d4e-9f00-112233445566';
const LIMIT_REASON = 'must be an integer from 1 to 1000';

describe('the query of GET /events/list', () => {
  it('defaults to every event of the scope, newest first, 100 a page, the first page', () => {
    const { value, reasons } = read({});
    expect(reasons).toEqual({});
    expect(eventListingQueryOf(value, OPEN_READ_SCOPE)).toEqual({ scope: OPEN_READ_SCOPE, eventNames: [], filters: [], sort: '-event_time', limit: 100 });
  });

  it("takes GET /events/stats' selection (names, range, filters) as it reads them, a sort, a limit and a cursor", () => {
    const cursor = encodeCursor({ sort: 'received_at', time: 1711807509120, id: ID });
    const { value, reasons } = read({
      event_name: ['purchase', 'signup', 'purchase'],
      from: '2024-03-29T00:00:00+01:00',
      to: '1712181599',
      filter: ['country:DE', 'property.plan:pro', 'country:FR'],
      sort: 'received_at',
      limit: '1000',
      cursor,
    });
    expect(reasons).toEqual({});
    expect(eventListingQueryOf(value, { project: 'shop' })).toEqual({
      scope: { project: 'shop' },
      eventNames: ['purchase', 'signup'],
      from: new Date('2024-03-28T23:00:00Z'),
      to: new Date('2024-04-03T21:59:59Z'),
      filters: [
        { dimension: { kind: 'column', name: 'country' }, values: ['DE', 'FR'] },
        { dimension: { kind: 'property', name: 'property.plan', key: 'plan' }, values: ['pro'] },
      ],
      sort: 'received_at',
      limit: 1000,
      after: { sort: 'received_at', time: 1711807509120, id: ID },
    });
  });

  const cursor = encodeCursor({ sort: '-event_time', time: 1711807509120, id: ID });

  it.each([
    ['sort', 'name', 'must be one of -event_time, event_time, -received_at, received_at'],
    ['sort', '-id', 'must be one of -event_time, event_time, -received_at, received_at'],
    ['sort', 'event_time DESC', 'must be one of -event_time, event_time, -received_at, received_at'],
    ['sort', ['event_time', 'received_at'], 'must be one of -event_time, event_time, -received_at, received_at'],
    ['limit', '0', LIMIT_REASON],
    ['limit', '1001', LIMIT_REASON],
    ['limit', '10.5', LIMIT_REASON],
    ['limit', 'all', LIMIT_REASON],
    ['limit', ['10', '20'], LIMIT_REASON],
    ['cursor', `${cursor.slice(0, -1)}${cursor.endsWith('A') ? 'B' : 'A'}`, CURSOR_REASON],
    ['cursor', 'garbage', CURSOR_REASON],
    ['cursor', '', CURSOR_REASON],
    ['cursor', [cursor, cursor], CURSOR_REASON],
    ['filter', 'colour:red', `${FILTER_REASON} (refused: "colour:red")`],
    ['event_name', '', 'must be event names of 1 to 128 characters, at most 100 (event_name=a&event_name=b)'],
    ['from', '2024-02-30', 'must be a real date, ISO 8601 such as 2024-01-01T00:00:00Z (UTC when no zone is given), or Unix seconds'],
  ])('refuses %s=%j: %s', (field, value, reason) => {
    expect(read({ [field]: value }).reasons).toEqual({ [field]: reason });
  });

  it('refuses what GET /events/stats takes and a listing does not', () => {
    expect(read({ group_by: 'country', tz: 'UTC', count: 'exact' }).reasons).toEqual({
      group_by: 'property group_by should not exist',
      tz: 'property tz should not exist',
      count: 'property count should not exist',
    });
  });

  it('names every invalid parameter at once', () => {
    expect(read({ sort: 'name', limit: '0', cursor: 'x' }).reasons).toEqual({ sort: 'must be one of -event_time, event_time, -received_at, received_at', limit: LIMIT_REASON, cursor: CURSOR_REASON });
  });

  it("refuses a cursor of another sort, naming cursor: its position means nothing in another order", () => {
    const { value, reasons } = read({ sort: 'event_time', cursor });
    expect(reasons).toEqual({});
    expect(() => eventListingQueryOf(value, OPEN_READ_SCOPE)).toThrow(
      new InvalidInputError([{ field: 'cursor', reason: 'was given for sort=-event_time, not sort=event_time: keep the sort of the page it came from' }]),
    );
  });

  it('refuses a range whose end is before its start, naming to', () => {
    const { value } = read({ from: '2024-04-02', to: '2024-04-01' });
    expect(() => eventListingQueryOf(value, OPEN_READ_SCOPE)).toThrow(new InvalidInputError([{ field: 'to', reason: 'must not be before from' }]));
  });
});
