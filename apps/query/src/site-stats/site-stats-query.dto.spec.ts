import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SiteStatsQueryDto } from './site-stats-query.dto';

const DAY_REASON = 'must be a real date written YYYY-MM-DD, such as 2025-11-12, from 2000-01-01 to 2100-01-01';
const SITE_ID_REASON = 'must be a non-empty string of at most 256 characters';

/** Each refused parameter and its one reason, as the app's validation pipe finds them. */
function reasonsOf(query: Record<string, unknown>): Record<string, string> {
  const errors = validateSync(plainToInstance(SiteStatsQueryDto, query), { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  return Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})[0]]));
}

describe("seed 004's stats query", () => {
  it("takes seed 004's example", () => {
    expect(reasonsOf({ site_id: 'site-abc-123', date: '2025-11-12' })).toEqual({});
  });

  it.each(['2024-02-29', '2000-01-01', '2100-01-01'])('takes the day %s', (date) => {
    expect(reasonsOf({ site_id: 's', date })).toEqual({});
  });

  it.each(['2025-02-30', '2023-02-29', '2025-13-01', '2025-11-12T10:00:00Z', '2025-11', '12/11/2025', '20251112', '1999-12-31', '2100-01-02', '', ['2025-11-12', '2025-11-13']])(
    'refuses the day %j',
    (date) => {
      expect(reasonsOf({ site_id: 's', date })).toEqual({ date: DAY_REASON });
    },
  );

  it.each(['', 's'.repeat(257), ['a', 'b']])('refuses the site %j', (site_id) => {
    expect(reasonsOf({ site_id, date: '2025-11-12' })).toEqual({ site_id: SITE_ID_REASON });
  });
});
