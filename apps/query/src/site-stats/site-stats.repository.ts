import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { ReadScope } from '../read-scope/read-scope';

/**
 * Seed 004 sets no number: its example's three paths add up to its total_views, so they are all
 * the site's paths that day.
 */
export const TOP_PATHS = 10;

/** The day's totals (is_total 1), then its most viewed paths. */
export interface SiteStatsRow {
  is_total: number;
  path: string;
  views: number;
  unique_users: number;
}

/** Seed 004's statistics: the page_view events of source site-analytics in the read's project. */
@Injectable()
export class SiteStatsRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  /** `day` is YYYY-MM-DD, a UTC day. */
  dayStats(scope: ReadScope, siteId: string, day: string): Promise<SiteStatsRow[]> {
    // GROUPING SETS gives the totals and the views per path in one pass over one state of the
    // table, so the paths never add up to more than the total. Seed 004's users are its user ids:
    // an event with one has it as user_key, whose stored hash is counted (docs/metrics-api.md).
    return this.events.rows<SiteStatsRow>(
      `SELECT grouping(path) AS is_total, page_path AS path, count() AS views, uniqExactIf(user_hash, user_id != '') AS unique_users
       FROM events FINAL
       WHERE project = {project:String} AND source = 'site-analytics' AND name = 'page_view' AND site_id = {site_id:String}
         AND event_time >= {day_start:DateTime64(3, 'UTC')} AND event_time < {day_start:DateTime64(3, 'UTC')} + INTERVAL 1 DAY
       GROUP BY GROUPING SETS ((path), ())
       ORDER BY is_total DESC, views DESC, path ASC
       LIMIT {rows:UInt32}`,
      { project: scope.project, site_id: siteId, day_start: `${day} 00:00:00.000`, rows: TOP_PATHS + 1 },
    );
  }
}
