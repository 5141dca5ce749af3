import { compactionCandidatesSql, optimizePartitionStatement } from './compaction';

const SINGLE = { database: 'tributary', cluster: '' };
const CLUSTER = { database: 'tributary', cluster: 'c1' };

describe('compaction of quiet partitions', () => {
  it('merges a partition of the table holding the rows, on every host of a cluster', () => {
    expect(optimizePartitionStatement(SINGLE, '202501')).toBe("OPTIMIZE TABLE events PARTITION ID '202501' FINAL");
    expect(optimizePartitionStatement(CLUSTER, '202501')).toBe("OPTIMIZE TABLE events_local ON CLUSTER `c1` PARTITION ID '202501' FINAL");
  });

  it('never lets a partition id out of its quotes', () => {
    expect(optimizePartitionStatement(SINGLE, "2025' FINAL; DROP TABLE events --")).toBe("OPTIMIZE TABLE events PARTITION ID '2025FINALDROPTABLEevents--' FINAL");
  });

  it("finds candidates in the server's parts, or in every replica's on a cluster", () => {
    expect(compactionCandidatesSql(SINGLE)).toContain("FROM system.parts\n      WHERE database = {database:String} AND table = 'events' AND active");
    expect(compactionCandidatesSql(CLUSTER)).toContain("FROM clusterAllReplicas('c1', system.parts)\n      WHERE database = {database:String} AND table = 'events_local' AND active");
  });
});
