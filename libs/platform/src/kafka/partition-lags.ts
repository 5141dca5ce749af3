import { PartitionLag } from './message-bus';
import { byTopicAndPartition, partitionKeyOf } from './partition-failures';

/** How far behind this member is on each partition assigned to it, as of the partition's last fetch or commit. */
export class PartitionLags {
  private readonly byPartition = new Map<string, PartitionLag>();

  /** The partition holds offsets below `highWatermark`; this member has committed up to `committed` (the next offset to read). */
  record(topic: string, partition: number, committed: string, highWatermark: string): void {
    const messages = Number(BigInt(highWatermark) - BigInt(committed));
    this.byPartition.set(partitionKeyOf(topic, partition), { topic, partition, messages: Math.max(0, messages) });
  }

  /** After a rebalance: a partition no longer this member's is another member's to report. */
  keepOnly(assignment: Record<string, number[]>): void {
    for (const [key, { topic, partition }] of this.byPartition) {
      if (!assignment[topic]?.includes(partition)) this.byPartition.delete(key);
    }
  }

  list(): PartitionLag[] {
    return [...this.byPartition.values()].sort(byTopicAndPartition);
  }
}
