import { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { Injectable } from '@nestjs/common';
import { Erasure } from '@tributary/contracts';
import { ClickHouseConfig } from '../config/clickhouse.config';
import { SchemaConfig } from '../config/schema.config';
import { DISTINCT_USERS, distinctUsersSelect } from './distinct-users';
import { layoutOf } from './migrate';
import { EVENTS } from './migrations';
import { ERASURES } from './erasures-table';
import { isCluster, SchemaLayout, storageTableOnCluster } from './schema-layout';
import { userHashSql } from './user-hash';

/** One recorded erasure, as the API answers it. */
export interface ErasureRecord extends Erasure {
  erasure_id: string;
  request_id: string;
}

const OF_USER = 'project = {project:String} AND (user_id = {user_id:String} OR user_key = {user_id:String})';

/** Deletes every stored event of a user in a project. On a cluster, in the local tables, ON CLUSTER (a Distributed table takes no DELETE). */
export const eraseStoredStatement = (layout: SchemaLayout): string => `DELETE FROM ${storageTableOnCluster(EVENTS, layout)} WHERE ${OF_USER}`;

/** Deletes, among `ids`, the events an erasure takes that arrived after it (isErasedBy). */
export const eraseArrivedStatement = (layout: SchemaLayout): string =>
  `${eraseStoredStatement(layout)} AND (event_time < {before:DateTime64(3, 'UTC')} OR received_at < {before:DateTime64(3, 'UTC')}) AND id IN {ids:Array(UUID)}`;

/** Every event of the user has this user_hash: its user_key, the hash's input, is the user id when it has one. */
const USER_HASH_OF_USER = `project = {project:String} AND user_hash = ${userHashSql('{user_id:String}')}`;

/** Deletes the user's rows of distinct_users; on a cluster, as the events' delete. */
export const forgetDistinctUserStatement = (layout: SchemaLayout): string => `DELETE FROM ${storageTableOnCluster(DISTINCT_USERS, layout)} WHERE ${USER_HASH_OF_USER}`;

/**
 * Inserts the user's rows of distinct_users again from the events an erasure leaves, those
 * received and dated at or after it (the complement of isErasedBy): so it never brings back a
 * late copy, even one it reads just before a writer deletes it. On a cluster through the
 * Distributed table, which places the rows on their user's shard.
 */
export const RESTORE_DISTINCT_USER_STATEMENT = `INSERT INTO ${DISTINCT_USERS.name} ${distinctUsersSelect(
  EVENTS.name,
  `${USER_HASH_OF_USER} AND event_time >= {before:DateTime64(3, 'UTC')} AND received_at >= {before:DateTime64(3, 'UTC')}`,
)}`;

/**
 * Foreground: the erasure answers once the shards have the rows. No insert deduplication: a
 * restore of the same events is the same block, which a replicated table would drop after the
 * next forget deleted the first one's rows (copies collapse in the ReplacingMergeTree instead).
 */
const RESTORE_SETTINGS: ClickHouseSettings = { distributed_foreground_insert: 1, insert_deduplicate: 0 };

/** Which of these projects have an erasure at all: most batches' projects have none, and their users need no lookup. */
export const PROJECTS_WITH_ERASURES_QUERY = 'SELECT DISTINCT project FROM erasures WHERE project IN {projects:Array(String)}';

/** The latest erasure of each (project, user) among these projects and users; the caller keeps the exact pairs. */
export const LATEST_ERASURES_QUERY = `SELECT project, user_id, toString(max(requested_at)) AS latest FROM erasures
  WHERE project IN {projects:Array(String)} AND user_id IN {users:Array(String)} GROUP BY project, user_id`;

/**
 * On a cluster the erasures table is replicated, asynchronously by default: the record is written
 * to a majority, sequentially, and read only from a replica holding every such write (it refuses
 * otherwise, and the writer retries its batch), so that the writer never misses a recorded erasure.
 * Sent on a cluster only.
 */
const RECORD_SETTINGS: ClickHouseSettings = { insert_quorum: 'auto', insert_quorum_parallel: 0 };
const LOOKUP_SETTINGS: ClickHouseSettings = { select_sequential_consistency: '1' };

/** User ids and event ids travel as query parameters, in the URL: at most this many characters of them per query (about 40 KB, as the writer's id lookups). */
export const LOOKUP_CHARACTERS = 40_000;

/** `values` in chunks of at most `maxCharacters` characters (a longer value alone). */
export function chunksByLength(values: readonly string[], maxCharacters = LOOKUP_CHARACTERS): string[][] {
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let length = 0;
  for (const value of values) {
    if (chunk.length > 0 && length + value.length > maxCharacters) {
      chunks.push(chunk);
      chunk = [];
      length = 0;
    }
    chunk.push(value);
    length += value.length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** `2026-12-01T03:15:00.000Z` as ClickHouse's DateTime64 parameter text, `2026-12-01 03:15:00.000`. */
export const clickHouseTime = (iso: string): string => iso.replace('T', ' ').replace('Z', '');
const isoTime = (clickHouse: string): string => `${clickHouse.replace(' ', 'T')}Z`;

/** The erasures table, and the deletes of erased users' events: used by the query app (the request) and the writer (the late copies). */
@Injectable()
export class ErasureStore {
  private readonly layout: SchemaLayout;

  constructor(
    private readonly client: ClickHouseClient,
    config: ClickHouseConfig,
    schema: SchemaConfig,
  ) {
    this.layout = layoutOf(config, schema);
  }

  async record(erasure: ErasureRecord): Promise<void> {
    await this.client.insert({
      table: ERASURES.name,
      values: [{ ...erasure, requested_at: clickHouseTime(erasure.requested_at) }],
      format: 'JSONEachRow',
      clickhouse_settings: isCluster(this.layout) ? RECORD_SETTINGS : {},
    });
  }

  /** The project's erasures, newest first. */
  async list(project: string): Promise<ErasureRecord[]> {
    const result = await this.client.query({
      query: `SELECT toString(erasure_id) AS erasure_id, project, user_id, toString(requested_at) AS requested_at, request_id
              FROM erasures WHERE project = {project:String} ORDER BY requested_at DESC, erasure_id`,
      query_params: { project },
      format: 'JSONEachRow',
    });
    return (await result.json<ErasureRecord>()).map((row) => ({ ...row, requested_at: isoTime(row.requested_at) }));
  }

  /** The user's events stored now, each counted once (ClickHouse's DELETE reports no count). */
  async countStored(project: string, userId: string): Promise<number> {
    const result = await this.client.query({ query: `SELECT count() AS events FROM events FINAL WHERE ${OF_USER}`, query_params: { project, user_id: userId }, format: 'JSONEachRow' });
    const [{ events }] = await result.json<{ events: number | string }>();
    return Number(events);
  }

  /**
   * Lightweight DELETE: the rows are hidden from every read at once, and removed at the parts' next
   * merges. Then the user's rows of distinct_users, which the feed wrote from them.
   */
  async eraseStored(erasure: Erasure): Promise<void> {
    await this.client.command({ query: eraseStoredStatement(this.layout), query_params: { project: erasure.project, user_id: erasure.user_id } });
    await this.rebuildDistinctUser(erasure);
  }

  /** The latest erasure of each of these (project, user) pairs that has one. */
  async latestOf(pairs: ReadonlyArray<{ project: string; user_id: string }>): Promise<Erasure[]> {
    const projects = await this.projectsWithErasures([...new Set(pairs.map((pair) => pair.project))]);
    if (projects.length === 0) return [];
    const candidates = pairs.filter((pair) => projects.includes(pair.project));
    const wanted = new Set(candidates.map((pair) => JSON.stringify([pair.project, pair.user_id])));
    const found: Erasure[] = [];
    for (const users of chunksByLength([...new Set(candidates.map((pair) => pair.user_id))])) {
      for (const { project, user_id, latest } of await this.rows<{ project: string; user_id: string; latest: string }>(LATEST_ERASURES_QUERY, { projects, users })) {
        if (wanted.has(JSON.stringify([project, user_id]))) found.push({ project, user_id, requested_at: isoTime(latest) });
      }
    }
    return found;
  }

  private async projectsWithErasures(projects: string[]): Promise<string[]> {
    return (await this.rows<{ project: string }>(PROJECTS_WITH_ERASURES_QUERY, { projects })).map((row) => row.project);
  }

  private async rows<T>(query: string, query_params: Record<string, unknown>): Promise<T[]> {
    const result = await this.client.query({ query, query_params, format: 'JSONEachRow', clickhouse_settings: isCluster(this.layout) ? LOOKUP_SETTINGS : {} });
    return result.json<T>();
  }

  /** Deletes the events among `ids` that `erasure` takes (eraseArrivedStatement), then the user's rows of distinct_users that were theirs. */
  async eraseArrived(erasure: Erasure, ids: readonly string[]): Promise<void> {
    for (const chunk of chunksByLength(ids)) {
      await this.client.command({
        query: eraseArrivedStatement(this.layout),
        query_params: { project: erasure.project, user_id: erasure.user_id, before: clickHouseTime(erasure.requested_at), ids: chunk },
      });
    }
    await this.rebuildDistinctUser(erasure);
  }

  /**
   * Makes the user's rows of distinct_users those of the events left after a delete of its
   * events: forgets them, then restores them. A feed row of a new event written in between is
   * either forgotten and restored (its event is stored before its feed row) or written after,
   * where it collapses with its restored copy.
   */
  private async rebuildDistinctUser(erasure: Erasure): Promise<void> {
    const ofUser = { project: erasure.project, user_id: erasure.user_id };
    await this.client.command({ query: forgetDistinctUserStatement(this.layout), query_params: ofUser });
    await this.client.command({
      query: RESTORE_DISTINCT_USER_STATEMENT,
      query_params: { ...ofUser, before: clickHouseTime(erasure.requested_at) },
      clickhouse_settings: RESTORE_SETTINGS,
    });
  }
}
