import { TableDefinition } from './schema-layout';
import { userHashSql } from './user-hash';

/**
 * The users of each (project, event name), each once, whole and by the breakdowns seed 000's
 * metrics group by: an exact unique-user count is then a count of rows, where counting the events'
 * users builds a set of every one of them (docs/PERFORMANCE.md, Session 8).
 * - breakdown '': group_key '';
 * - 'channel': the channel;
 * - 'day', 'hour': the UTC bucket's start, `2025-01-31` and `2025-01-31 10:00:00`.
 * Every copy of an event has the same keys, so its copies collapse with the ReplacingMergeTree;
 * the row kept has the user's latest event time there, which the retention's TTL reads.
 * On a cluster the rows are sharded by user, so that each shard's count is of users no other shard has.
 */
export const DISTINCT_USERS: TableDefinition = {
  name: 'distinct_users',
  columns: [
    'project LowCardinality(String)',
    'name LowCardinality(String)',
    'breakdown LowCardinality(String)',
    'group_key LowCardinality(String)',
    'user_hash UInt128',
    "last_event_time DateTime64(3, 'UTC')",
  ],
  engine: 'ReplacingMergeTree',
  version: 'last_event_time',
  orderBy: '(project, name, breakdown, group_key, user_hash)',
  placement: { shardingKey: 'cityHash64(user_hash)' },
};

export const DISTINCT_USERS_FEED = 'distinct_users_feed';

export const BREAKDOWNS = ['', 'channel', 'day', 'hour'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

const GROUP_KEYS: Record<Breakdown, string> = {
  '': "''",
  channel: 'toString(channel_type)',
  day: 'toString(toDate(event_time))',
  hour: 'toString(toStartOfHour(toDateTime(event_time)))',
};

/** The rows of `events` (a table name, or a subquery with its alias) as the table holds them: one per breakdown of each event that has a user. */
export const distinctUsersSelect = (events: string, where = ''): string =>
  `SELECT project, name, breakdown, group_key, user_hash, event_time AS last_event_time FROM ${events}
  ARRAY JOIN [${BREAKDOWNS.map((b) => `'${b}'`).join(', ')}] AS breakdown, [${BREAKDOWNS.map((b) => GROUP_KEYS[b]).join(', ')}] AS group_key
  WHERE user_hash != ${userHashSql("''")}${where ? ` AND ${where}` : ''}`;
