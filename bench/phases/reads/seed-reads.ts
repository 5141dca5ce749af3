import { formatCount } from '../../report/format-count';
import type { RunningApp } from '../../support/platform';
import { FILL_LOG_CUSTOMER, FILL_SITES } from '../fill-events';
import { MIDDLE_DAY } from './read-window';
import { counted, getJson, nonZero, TimedRead } from './timed-read';

/** Seed 002's default page size, and the deep page: about 500 pages in, or half the logs when they are fewer. */
const LOG_PAGE_SIZE = 20;
const LOG_DEEP_PAGE = 500;
/** A part of two event names (app_start, level_start), in another case: the filter ignores case. */
const LOG_NAME_PART = 'Start';
/** A part of no event name. */
const NO_LOG_NAME_PART = 'no-such-name';

interface LogAnswer {
  logs: unknown[];
  metadata: { total_records: number };
}

/**
 * Seed 002's GET /api/read over the logs (the events of source log-service): the first page in
 * each time order, filtered by a part of the name or by a customer, pages deep in (OFFSET) whose
 * numbers come from the first page's total, and reads that find nothing.
 */
export async function logReads(query: RunningApp, stored: number): Promise<TimedRead[]> {
  const size = formatCount(stored);
  const first = (await getJson(`${query.url}/api/read`)) as LogAnswer;
  const lastPage = Math.max(1, Math.ceil(first.metadata.total_records / LOG_PAGE_SIZE));
  const deepPage = Math.max(1, Math.min(LOG_DEEP_PAGE, Math.floor(lastPage / 2)));
  const read = (id: string, what: string, params: Record<string, string>, found: 'logs' | 'none' = 'logs'): TimedRead => ({
    id: `seed002.${size}.${id}`,
    label: `seed 002 GET /api/read at ${size} events: ${what}`,
    path: `/api/read?${new URLSearchParams(params)}`,
    evidence: (body) => {
      const answer = body as LogAnswer;
      if (found === 'none' && answer.logs.length > 0) throw new Error(`${answer.logs.length} logs where none was expected`);
      return `${found === 'logs' ? nonZero(answer.logs.length, 'logs') : 0} logs of total_records ${counted(answer.metadata.total_records)}`;
    },
  });
  return [
    read('first', `first page of ${LOG_PAGE_SIZE}, oldest first (default sort)`, {}),
    read('newest', 'first page, sort=-created_at', { sort: '-created_at' }),
    read('event-name', `event_name=${LOG_NAME_PART} (a part of the name, any case)`, { event_name: LOG_NAME_PART }),
    read('customer', `customer_id=${FILL_LOG_CUSTOMER}`, { customer_id: String(FILL_LOG_CUSTOMER) }),
    read('deep', `page ${counted(deepPage)}, oldest first`, { page: String(deepPage) }),
    read('middle', `page ${counted(Math.ceil(lastPage / 2))} of ${counted(lastPage)}, oldest first`, { page: String(Math.ceil(lastPage / 2)) }),
    read('last', `the last page, ${counted(lastPage)}`, { page: String(lastPage) }),
    read('past-last', `page ${counted(lastPage + 1)}, past the last`, { page: String(lastPage + 1) }, 'none'),
    read('no-match', `event_name=${NO_LOG_NAME_PART} (no log's)`, { event_name: NO_LOG_NAME_PART }, 'none'),
  ];
}

interface SiteStatsAnswer {
  total_views: number;
  top_paths: unknown[];
}

/** Seed 004's GET /stats: a day of the busiest site, its views, unique users and top paths. */
export function siteStatsRead(stored: number): TimedRead {
  const site = FILL_SITES[0];
  return {
    id: `seed004.${formatCount(stored)}.site-day`,
    label: `seed 004 GET /stats at ${formatCount(stored)} events: site_id=${site}, date=${MIDDLE_DAY}`,
    path: `/stats?${new URLSearchParams({ site_id: site, date: MIDDLE_DAY })}`,
    evidence: (body) => {
      const answer = body as SiteStatsAnswer;
      return `total_views ${counted(nonZero(answer.total_views, 'total_views'))}, ${answer.top_paths.length} top paths`;
    },
  };
}
