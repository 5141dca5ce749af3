import { SiteStatsQueryDto } from './site-stats-query.dto';
import { SiteStatsDto } from './site-stats.dto';
import { SiteStatsRow } from './site-stats.repository';

/** Seed 004's answer, keys in its order; a day without views answers zeros and no paths. */
export function siteStatsOf({ site_id, date }: SiteStatsQueryDto, rows: SiteStatsRow[]): SiteStatsDto {
  const totals = rows.find((row) => Number(row.is_total) === 1);
  return {
    site_id,
    date,
    total_views: Number(totals?.views ?? 0),
    unique_users: Number(totals?.unique_users ?? 0),
    top_paths: rows.filter((row) => Number(row.is_total) === 0).map(({ path, views }) => ({ path, views: Number(views) })),
  };
}
