import { DISTINCT_USERS, EVENTS } from '@tributary/platform';

/** An active part of events or distinct_users, as system.parts has it. */
export interface StoredPart {
  table: string;
  partition_id: string;
  name: string;
  level: number | string;
  rows: number | string;
}

/**
 * Which parts the counts of every event of one name read by rows rather than FINAL: parts that
 * hold each key once (a merge's output, or an insert's, which ClickHouse merges on insert: level
 * above 0). Exact only while every subquery of a count reads one snapshot of the parts
 * (enable_shared_storage_snapshot_in_query); without it every part is read FINAL (EVERY_PART_FINAL).
 */
export interface PartsToRead extends CompactedEvents {
  /** distinct_users' largest such part; '' when none can be (every part read FINAL). */
  usersBase: string;
}

/** The events' parts that hold each event once, counted by their rows (countedOnceSql). */
export interface CompactedEvents {
  /** The events' parts alone in their partition and merged: counted from their hourly_counts projection. */
  compactedEvents: string[];
  /** Their partitions, where a part written after this lookup would be a copy's. */
  compactedPartitions: string[];
}

export const EVERY_PART_FINAL: PartsToRead = { usersBase: '', compactedEvents: [], compactedPartitions: [] };

/**
 * How many rows of parts written since distinct_users' base a count reads before the events'
 * users are counted instead: their keys are read FINAL and looked up among the base's. Steady
 * ingestion leaves about 1 % of the base there between merges (22 to 28 ms at 10M events); a bulk
 * load leaves most of the table there, where the events' own count is sooner (docs/PERFORMANCE.md, Session 8).
 */
const FRESH_ROWS_READ = { shareOfBase: 0.1, always: 200_000 } as const;

/** The parts to read, from the tables' active parts; undefined while distinct_users' fresh parts are too many (FRESH_ROWS_READ). */
export function partsToRead(parts: StoredPart[]): PartsToRead | undefined {
  const users = parts.filter((part) => part.table === DISTINCT_USERS.name);
  const [base] = users.filter((part) => Number(part.level) > 0).sort((a, b) => Number(b.rows) - Number(a.rows) || b.name.localeCompare(a.name));
  const freshRows = users.reduce((sum, part) => sum + Number(part.rows), 0) - Number(base?.rows ?? 0);
  if (base && freshRows > Math.max(FRESH_ROWS_READ.shareOfBase * Number(base.rows), FRESH_ROWS_READ.always)) return undefined;
  return { usersBase: base?.name ?? '', ...compactedEventsOf(parts) };
}

/** The events' parts alone in their partition and merged (level above 0), of the tables' active parts. */
export function compactedEventsOf(parts: StoredPart[]): CompactedEvents {
  const events = parts.filter((part) => part.table === EVENTS.name);
  const alone = (part: StoredPart): boolean => events.filter((other) => other.partition_id === part.partition_id).length === 1;
  const compacted = events.filter((part) => Number(part.level) > 0 && alone(part));
  return { compactedEvents: compacted.map((part) => part.name).sort(), compactedPartitions: compacted.map((part) => part.partition_id).sort() };
}
