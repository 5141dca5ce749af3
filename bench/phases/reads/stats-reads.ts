import { formatCount } from '../../report/format-count';
import { FILL_SITES } from '../fill-events';
import { MIDDLE_WEEK } from './read-window';
import { counted, nonZero, TimedRead } from './timed-read';

interface StatsAnswer {
  total_count: number;
  groups_total: number;
  groups: unknown[];
}

/**
 * GET /events/stats, exact counts, over every event unless a case says otherwise: by one
 * dimension, by two, a top 10 of one site's paths, the logs' errors (a property filter) by
 * name, and one week by country and day.
 */
export function statsReads(stored: number): TimedRead[] {
  const size = formatCount(stored);
  const read = (id: string, params: Array<[string, string]>): TimedRead => {
    const query = new URLSearchParams(params);
    return {
      id: `stats.${size}.${id}`,
      label: `GET /events/stats at ${size} events: ${decodeURIComponent(String(query))}`,
      path: `/events/stats?${query}`,
      evidence: (body) => {
        const answer = body as StatsAnswer;
        return `total_count ${counted(nonZero(answer.total_count, 'total_count'))}, ${counted(nonZero(answer.groups.length, 'groups'))} groups, groups_total ${counted(answer.groups_total)}`;
      },
    };
  };
  return [
    read('country', [['group_by', 'country']]),
    read('country-channel', [['group_by', 'country,channel']]),
    read('top-paths', [['event_name', 'page_view'], ['filter', `site:${FILL_SITES[0]}`], ['group_by', 'path'], ['limit', '10']]),
    read('property-filter', [['filter', 'property.level:error'], ['group_by', 'name']]),
    read('country-day-week', [['group_by', 'country,day'], ['from', MIDDLE_WEEK.from], ['to', MIDDLE_WEEK.to]]),
  ];
}
