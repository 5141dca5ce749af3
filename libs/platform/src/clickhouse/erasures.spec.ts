import { distinctUsersSelect } from './distinct-users';
import {
  chunksByLength,
  clickHouseTime,
  eraseArrivedStatement,
  eraseStoredStatement,
  forgetDistinctUserStatement,
  LOOKUP_CHARACTERS,
  RESTORE_DISTINCT_USER_STATEMENT,
} from './erasures';
import { MIGRATIONS, statementsOf } from './migrations';
import { SchemaLayout } from './schema-layout';

const SINGLE: SchemaLayout = { database: 'tributary', cluster: '' };
const CLUSTER: SchemaLayout = { database: 'tributary', cluster: 'events_cluster' };

describe('the erasures table and the deletes of erased users', () => {
  it('migration 4 creates the erasures table sorted by (project, user_id) (on a cluster, a copy on every host), and lets a DELETE through the projections', () => {
    const erasures = MIGRATIONS.find((m) => m.version === 4)!;
    expect(statementsOf(erasures, SINGLE)).toEqual([
      "CREATE TABLE IF NOT EXISTS erasures (\n  erasure_id UUID,\n  project LowCardinality(String),\n  user_id String,\n  requested_at DateTime64(3, 'UTC'),\n  request_id String DEFAULT ''\n)\nENGINE = MergeTree\nORDER BY (project, user_id)",
      "ALTER TABLE events MODIFY SETTING lightweight_mutation_projection_mode = 'drop'",
    ]);
    const [cluster, setting] = statementsOf(erasures, CLUSTER);
    expect(setting).toBe("ALTER TABLE events_local ON CLUSTER `events_cluster` MODIFY SETTING lightweight_mutation_projection_mode = 'drop'");
    expect(cluster).toContain('CREATE TABLE IF NOT EXISTS erasures ON CLUSTER `events_cluster`');
    expect(cluster).toContain("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/erasures', '{shard}-{replica}')");
  });

  it('deletes with bound values only: from events on one server, from the local tables ON CLUSTER on a cluster', () => {
    const ofUser = 'project = {project:String} AND (user_id = {user_id:String} OR user_key = {user_id:String})';
    expect(eraseStoredStatement(SINGLE)).toBe(`DELETE FROM events WHERE ${ofUser}`);
    expect(eraseStoredStatement(CLUSTER)).toBe(`DELETE FROM events_local ON CLUSTER \`events_cluster\` WHERE ${ofUser}`);
    expect(eraseArrivedStatement(SINGLE)).toBe(
      `DELETE FROM events WHERE ${ofUser} AND (event_time < {before:DateTime64(3, 'UTC')} OR received_at < {before:DateTime64(3, 'UTC')}) AND id IN {ids:Array(UUID)}`,
    );
  });

  it("forgets the user's rows of distinct_users, where the events' delete goes, then inserts them again from the events the erasure leaves, values bound", () => {
    const ofUser = 'project = {project:String} AND user_hash = xxh3_128({user_id:String})';
    expect(forgetDistinctUserStatement(SINGLE)).toBe(`DELETE FROM distinct_users WHERE ${ofUser}`);
    expect(forgetDistinctUserStatement(CLUSTER)).toBe(`DELETE FROM distinct_users_local ON CLUSTER \`events_cluster\` WHERE ${ofUser}`);
    // The feed's own SELECT, through the Distributed tables on a cluster: the same statement on both.
    const left = `${ofUser} AND event_time >= {before:DateTime64(3, 'UTC')} AND received_at >= {before:DateTime64(3, 'UTC')}`;
    expect(RESTORE_DISTINCT_USER_STATEMENT).toBe(`INSERT INTO distinct_users ${distinctUsersSelect('events', left)}`);
    expect(RESTORE_DISTINCT_USER_STATEMENT).toContain(`WHERE user_hash != xxh3_128('') AND ${left}`);
  });

  it('splits the values of a lookup by their length, keeping a long one whole', () => {
    expect(chunksByLength(['aa', 'bb', 'cc', 'd'], 4)).toEqual([['aa', 'bb'], ['cc', 'd']]);
    expect(chunksByLength(['aaaaaa', 'b'], 4)).toEqual([['aaaaaa'], ['b']]);
    expect(chunksByLength([], 4)).toEqual([]);
    const ids = Array.from({ length: 3000 }, (_, i) => `user-${String(i).padStart(31, '0')}`);
    const chunks = chunksByLength(ids);
    expect(chunks.flat()).toEqual(ids);
    expect(Math.max(...chunks.map((chunk) => chunk.join('').length))).toBeLessThanOrEqual(LOOKUP_CHARACTERS);
  });

  it("writes an ISO time as ClickHouse's DateTime64 parameter", () => {
    expect(clickHouseTime('2026-12-01T03:15:00.123Z')).toBe('2026-12-01 03:15:00.123');
  });
});
