import { ClickHouseClient } from '@clickhouse/client';
import { compactionCandidatesSql, compactionRequestTimeoutMs, compactQuietPartitions, optimizePartitionStatement, optimizeSettings } from './compaction';
import { DISTINCT_USERS } from './distinct-users';
import { EVENTS } from './migrations';

const SINGLE = { database: 'tributary', cluster: '' };
const CLUSTER = { database: 'tributary', cluster: 'c1' };

describe('compaction of quiet partitions', () => {
  it('merges a partition of the table holding the rows, on every host of a cluster', () => {
    expect(optimizePartitionStatement(SINGLE, EVENTS, '202501')).toBe("OPTIMIZE TABLE events PARTITION ID '202501' FINAL");
    expect(optimizePartitionStatement(CLUSTER, EVENTS, '202501')).toBe("OPTIMIZE TABLE events_local ON CLUSTER `c1` PARTITION ID '202501' FINAL");
    expect(optimizePartitionStatement(SINGLE, DISTINCT_USERS, 'all')).toBe("OPTIMIZE TABLE distinct_users PARTITION ID 'all' FINAL");
  });

  it('never lets a partition id out of its quotes', () => {
    expect(optimizePartitionStatement(SINGLE, EVENTS, "2025' FINAL; DROP TABLE events --")).toBe("OPTIMIZE TABLE events PARTITION ID '2025FINALDROPTABLEevents--' FINAL");
  });

  it("finds candidates in the server's parts, or in every replica's on a cluster", () => {
    expect(compactionCandidatesSql(SINGLE)).toContain("FROM system.parts\n      WHERE database = {database:String} AND table IN ('events', 'distinct_users') AND active");
    expect(compactionCandidatesSql(CLUSTER)).toContain("FROM clusterAllReplicas('c1', system.parts)\n      WHERE database = {database:String} AND table IN ('events_local', 'distinct_users_local') AND active");
  });
  it("lifts ClickHouse's limits on a merge to the timeout, in whole seconds, and lets the client hear ClickHouse's answer", () => {
    expect(optimizeSettings(3_600_000)).toEqual({ optimize_throw_if_noop: 1, max_execution_time: 3600, distributed_ddl_task_timeout: '3600' });
    expect(optimizeSettings(1_500)).toMatchObject({ max_execution_time: 2, distributed_ddl_task_timeout: '2' });
    expect(compactionRequestTimeoutMs(3_600_000)).toBeGreaterThan(3_600_000);
  });

  describe('compactQuietPartitions', () => {
    const candidates = [
      { table: 'distinct_users', partition_id: 'all', parts: 4 },
      { table: 'events', partition_id: '202501', parts: 3 },
      { table: 'events', partition_id: '202502', parts: 2 },
    ];
    const clientMerging = (merge: () => Promise<unknown> = async () => ({})) => ({
      query: jest.fn(async () => ({ json: async () => candidates })),
      command: jest.fn((_params: object) => merge()),
    });
    const compact = (client: ReturnType<typeof clientMerging>, signal?: AbortSignal) =>
      compactQuietPartitions(client as unknown as ClickHouseClient, SINGLE, { quietSeconds: 600, timeoutMs: 120_000, signal });

    it('merges each candidate in turn, with the limits of the timeout', async () => {
      const client = clientMerging();
      expect(await compact(client)).toEqual([
        { table: 'distinct_users', partitionId: 'all', parts: 4, seconds: expect.any(Number) },
        { table: 'events', partitionId: '202501', parts: 3, seconds: expect.any(Number) },
        { table: 'events', partitionId: '202502', parts: 2, seconds: expect.any(Number) },
      ]);
      expect(client.command.mock.calls.map(([params]) => params)).toEqual([
        expect.objectContaining({ query: "OPTIMIZE TABLE distinct_users PARTITION ID 'all' FINAL", clickhouse_settings: optimizeSettings(120_000) }),
        expect.objectContaining({ query: "OPTIMIZE TABLE events PARTITION ID '202501' FINAL", clickhouse_settings: optimizeSettings(120_000) }),
        expect.objectContaining({ query: "OPTIMIZE TABLE events PARTITION ID '202502' FINAL", clickhouse_settings: optimizeSettings(120_000) }),
      ]);
    });

    it('begins no other merge once stopped', async () => {
      const stop = new AbortController();
      const client = clientMerging(async () => stop.abort());
      await expect(compact(client, stop.signal)).rejects.toThrow();
      expect(client.command).toHaveBeenCalledTimes(1);
      expect(client.command).toHaveBeenCalledWith(expect.objectContaining({ abort_signal: stop.signal }));
    });
  });
});
