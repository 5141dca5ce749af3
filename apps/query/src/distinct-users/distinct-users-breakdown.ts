import { Breakdown } from '@tributary/platform';
import { EventStatsQuery, GroupEntry } from '../event-stats/stats-query';

/**
 * The breakdown of distinct_users that holds the exact unique users of these counts, if one does:
 * every event of one name (no range, no filter), whole, by channel, or by UTC day or hour. Other
 * questions count the events' users.
 */
export function distinctUsersBreakdownOf(query: EventStatsQuery, entry?: GroupEntry): Breakdown | undefined {
  if (query.approximate || query.from || query.to || query.eventNames.length !== 1 || query.filters.length > 0) return undefined;
  if (!entry) return '';
  if (entry.kind === 'column' && entry.name === 'channel') return 'channel';
  if (entry.kind === 'time' && query.tz === 'UTC' && (entry.name === 'day' || entry.name === 'hour')) return entry.name;
  return undefined;
}
