import { siteStatsOf } from './site-stats-answer';

const QUERY = { site_id: 'site-abc-123', date: '2025-11-12' };

describe("seed 004's stats answer", () => {
  it("is seed 004's example, byte for byte: the totals, then the paths in the order stored", () => {
    const rows = [
      { is_total: 1, path: '', views: 1450, unique_users: 212 },
      { is_total: 0, path: '/pricing', views: 700, unique_users: 150 },
      { is_total: 0, path: '/blog/post-1', views: 500, unique_users: 40 },
      { is_total: 0, path: '/', views: 250, unique_users: 22 },
    ];
    expect(JSON.stringify(siteStatsOf(QUERY, rows))).toBe(
      '{"site_id":"site-abc-123","date":"2025-11-12","total_views":1450,"unique_users":212,' +
        '"top_paths":[{"path":"/pricing","views":700},{"path":"/blog/post-1","views":500},{"path":"/","views":250}]}',
    );
  });

  it('answers zeros and no paths for a day without views', () => {
    const empty = { site_id: 'site-abc-123', date: '2025-11-12', total_views: 0, unique_users: 0, top_paths: [] };
    expect(siteStatsOf(QUERY, [])).toEqual(empty);
    expect(siteStatsOf(QUERY, [{ is_total: 1, path: '', views: 0, unique_users: 0 }])).toEqual(empty);
  });
});
