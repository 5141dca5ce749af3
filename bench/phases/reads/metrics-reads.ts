import { formatCount } from '../../report/format-count';
import { MIDDLE_WEEK, MIDDLE_WEEK_UNIX } from './read-window';
import { counted, nonZero, TimedRead } from './timed-read';

const GROUP_BYS = [undefined, 'channel', 'daily', 'hourly'] as const;
const EVENT_NAME = 'page_view';

interface MetricsAnswer {
  total_count: number;
  grouped_metrics: unknown[];
}

/**
 * Seed 000's GET /events/metrics of the most frequent event name, each group_by. Fresh: right
 * after the fill, before compaction, without a time range; compacted: without and with one week.
 */
export function metricsReads(stored: number, state: 'fresh' | 'compacted'): TimedRead[] {
  const ranges = state === 'fresh' ? [false] : [false, true];
  return ranges.flatMap((range) =>
    GROUP_BYS.map((groupBy) => {
      const params = new URLSearchParams({ event_name: EVENT_NAME, ...(groupBy && { group_by: groupBy }), ...(range && MIDDLE_WEEK) });
      return {
        id: `query.${formatCount(stored)}.${groupBy ?? 'none'}.${range ? 'week' : 'all'}${state === 'fresh' ? '.fresh' : ''}`,
        label: `query at ${formatCount(stored)} events: group_by=${groupBy ?? '(none)'}, ${range ? 'one week' : 'no time range'}${state === 'fresh' ? ', fresh inserts (not compacted)' : ''}`,
        path: `/events/metrics?${params}`,
        evidence: (body) => `${EVENT_NAME} total_count ${counted(nonZero((body as MetricsAnswer).total_count, 'total_count'))}`,
      };
    }),
  );
}

/** Seed 001's GET /metrics: the same read under seed 001's path, one week in Unix seconds, by channel. */
export function seed001Read(stored: number): TimedRead {
  const params = new URLSearchParams({ event_name: EVENT_NAME, ...MIDDLE_WEEK_UNIX, group_by: 'channel' });
  return {
    id: `seed001.${formatCount(stored)}.channel-week`,
    label: `seed 001 GET /metrics at ${formatCount(stored)} events: ${EVENT_NAME}, one week (Unix seconds), group_by=channel`,
    path: `/metrics?${params}`,
    evidence: (body) => {
      const answer = body as MetricsAnswer;
      return `total_count ${counted(nonZero(answer.total_count, 'total_count'))} in ${nonZero(answer.grouped_metrics.length, 'grouped_metrics')} channels`;
    },
  };
}
