import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { EventStatsQuery, GroupEntry } from '../event-stats/stats-query';
import { distinctUsersBreakdownOf } from './distinct-users-breakdown';

const everyPageView: EventStatsQuery = { scope: OPEN_READ_SCOPE, eventNames: ['page_view'], tz: 'UTC', filters: [], groupBy: [], limit: 100, approximate: false };

describe('distinctUsersBreakdownOf', () => {
  it.each([
    [undefined, ''],
    [{ kind: 'column', name: 'channel' }, 'channel'],
    [{ kind: 'time', name: 'day' }, 'day'],
    [{ kind: 'time', name: 'hour' }, 'hour'],
  ] as Array<[GroupEntry | undefined, string]>)('counts every event of one name grouped by %j in the breakdown %j', (entry, breakdown) => {
    expect(distinctUsersBreakdownOf(everyPageView, entry)).toBe(breakdown);
  });

  it.each([
    ['a time range', { ...everyPageView, from: new Date('2025-01-01T00:00:00Z') }, undefined],
    ['an end only', { ...everyPageView, to: new Date('2025-01-01T00:00:00Z') }, undefined],
    ['two names', { ...everyPageView, eventNames: ['page_view', 'purchase'] }, undefined],
    ['every name', { ...everyPageView, eventNames: [] }, undefined],
    ['a filter', { ...everyPageView, filters: [{ dimension: { kind: 'column', name: 'country' }, values: ['DE'] }] }, undefined],
    ['an approximate count', { ...everyPageView, approximate: true }, undefined],
    ["another zone's days", { ...everyPageView, tz: 'Europe/Berlin' }, { kind: 'time', name: 'day' }],
    ['weeks', everyPageView, { kind: 'time', name: 'week' }],
    ['another dimension', everyPageView, { kind: 'column', name: 'country' }],
  ] as Array<[string, EventStatsQuery, GroupEntry | undefined]>)('leaves %s to the events', (_, query, entry) => {
    expect(distinctUsersBreakdownOf(query, entry)).toBeUndefined();
  });
});
