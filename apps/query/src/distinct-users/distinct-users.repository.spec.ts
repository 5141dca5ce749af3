import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { DistinctUsersRepository } from './distinct-users.repository';

type Row = { counted: 'base' | 'others' | 'present'; breakdown: string; key: string; users: string };

const HOUR = '1735693200';
/** The base's users: 5 in all, 3 in one hour. */
const BASE_ROWS: Row[] = [
  { counted: 'base', breakdown: '', key: '', users: '5' },
  { counted: 'base', breakdown: 'hour', key: HOUR, users: '3' },
];
/** The parts written since: one user the base does not have, in that hour. */
const OTHER_ROWS: Row[] = [
  { counted: 'others', breakdown: '', key: '', users: '1' },
  { counted: 'others', breakdown: 'hour', key: HOUR, users: '1' },
];
const present = (rows: number): Row => ({ counted: 'present', breakdown: '', key: '', users: String(rows) });

/** The repository over a reader that answers each statement with the next of `answers` (as the parts it reads would), recording the SQL. */
function answering(...answers: Row[][]): { repository: DistinctUsersRepository; sent: string[] } {
  const sent: string[] = [];
  const reader = {
    rows: async (sql: string, params: Record<string, unknown>) => {
      sent.push(sql.replace(/\s+/g, ' '));
      expect(params).toMatchObject({ p0: 'default', p1: 'page_view', p2: ['', 'hour'] });
      const rows = answers.shift();
      if (!rows) throw new Error('no answer left for a statement');
      // Only what the SQL reads: no base's rows from a statement without the base.
      return rows.filter((row) => row.counted !== 'base' || sql.includes("SELECT 'base'"));
    },
  } as unknown as ClickHouseEventsReader;
  return { repository: new DistinctUsersRepository(reader), sent };
}

const users = (repository: DistinctUsersRepository, base = 'all_1_9_2') => repository.userCounts(base, 'default', 'page_view', ['', 'hour']);

const SUMMED = [
  { breakdown: '', key: '', users: 6 },
  { breakdown: 'hour', key: HOUR, users: 4 },
];

describe('DistinctUsersRepository', () => {
  it("counts the base's users once, then only the parts written since while the base is there", async () => {
    const { repository, sent } = answering([...BASE_ROWS, ...OTHER_ROWS, present(100)], [...OTHER_ROWS, present(100)]);
    expect(await users(repository)).toEqual(SUMMED);
    expect(await users(repository)).toEqual(SUMMED);
    expect(sent[0]).toContain("SELECT 'base' AS counted, breakdown, group_key, toInt64(count()) AS users FROM distinct_users WHERE");
    expect(sent[1]).not.toContain("'base'");
    // The parts since, FINAL, less the users the base has; and the base's rows, in the same statement.
    expect(sent[1]).toContain("SELECT 'others' AS counted, breakdown, group_key, toInt64(count()) AS users FROM distinct_users FINAL WHERE");
    expect(sent[1]).toContain('-toInt64(count())');
    expect(sent[1]).toContain("SELECT 'present' AS counted, '' AS breakdown, '' AS group_key, toInt64(count()) AS users FROM distinct_users WHERE _part = {p3:String}");
  });

  it('reads the base again, with the parts written since, once a statement finds it gone', async () => {
    // Merged away: the parts since then include its successor, which holds its users and more.
    const successor: Row[] = [
      { counted: 'others', breakdown: '', key: '', users: '7' },
      { counted: 'others', breakdown: 'hour', key: HOUR, users: '4' },
    ];
    const { repository, sent } = answering([...BASE_ROWS, ...OTHER_ROWS, present(100)], [...successor, present(0)], [...successor, present(0)], [...successor, present(0)]);
    await users(repository);
    expect(await users(repository)).toEqual([
      { breakdown: '', key: '', users: 7 },
      { breakdown: 'hour', key: HOUR, users: 4 },
    ]);
    expect(sent.map((sql) => sql.includes("SELECT 'base'"))).toEqual([true, false, true]);
    // A base it did not find has no counts kept: the next read reads it again.
    await users(repository);
    expect(sent[3]).toContain("SELECT 'base'");
  });

  it('reads the base again where a part of its name holds other rows than the one counted: a table made anew', async () => {
    const { repository, sent } = answering([...BASE_ROWS, ...OTHER_ROWS, present(100)], [present(40)], [...BASE_ROWS, present(40)], [present(40)]);
    await users(repository);
    expect(await users(repository)).toEqual([
      { breakdown: '', key: '', users: 5 },
      { breakdown: 'hour', key: HOUR, users: 3 },
    ]);
    await users(repository);
    expect(sent.map((sql) => sql.includes("SELECT 'base'"))).toEqual([true, false, true, false]);
  });

  it('keeps the counts of each base, project, name and breakdowns apart', async () => {
    const { repository, sent } = answering([...BASE_ROWS, present(100)], [...BASE_ROWS, present(100)], [present(100)]);
    await users(repository, 'all_1_9_2');
    await users(repository, 'all_1_12_3');
    await users(repository, 'all_1_9_2');
    expect(sent.map((sql) => sql.includes("SELECT 'base'"))).toEqual([true, true, false]);
  });

  it('reads every part FINAL without a base, and keeps nothing', async () => {
    const { repository, sent } = answering(OTHER_ROWS, OTHER_ROWS);
    expect(await users(repository, '')).toEqual([
      { breakdown: '', key: '', users: 1 },
      { breakdown: 'hour', key: HOUR, users: 1 },
    ]);
    await users(repository, '');
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('FROM distinct_users FINAL WHERE project = {p0:String} AND name = {p1:String} AND breakdown IN {p2:Array(String)} GROUP BY');
    expect(sent[0]).not.toContain('_part');
  });
});
