import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { SiteStatsRepository, TOP_PATHS } from './site-stats.repository';

describe("seed 004's stats SQL", () => {
  it("reads the site's page views of the UTC day in the read's project with FINAL, the project, site and day bound as parameters", async () => {
    const sent: Array<{ sql: string; params: Record<string, unknown> }> = [];
    const reader = { rows: async (sql: string, params: Record<string, unknown>) => (sent.push({ sql, params }), []) } as unknown as ClickHouseEventsReader;
    const siteId = "site' OR 1=1 --";
    await new SiteStatsRepository(reader).dayStats({ project: 'shop' }, siteId, '2025-11-12');

    const [{ sql, params }] = sent;
    expect(sql).toContain("FROM events FINAL\n       WHERE project = {project:String} AND source = 'site-analytics' AND name = 'page_view' AND site_id = {site_id:String}");
    expect(sql).toContain("event_time >= {day_start:DateTime64(3, 'UTC')} AND event_time < {day_start:DateTime64(3, 'UTC')} + INTERVAL 1 DAY");
    expect(sql).toContain('ORDER BY is_total DESC, views DESC, path ASC');
    expect(sql).toContain("uniqExactIf(user_hash, user_id != '') AS unique_users");
    expect(sql).not.toContain(siteId);
    expect(params).toEqual({ project: 'shop', site_id: siteId, day_start: '2025-11-12 00:00:00.000', rows: TOP_PATHS + 1 });
  });
});
