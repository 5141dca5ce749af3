import { PartitionFailure } from './message-bus';

interface FailingBatch {
  topic: string;
  partition: number;
  /** The first offset of the failing batch. */
  offset: string;
}

/** The partitions failing now, each on its own: one partition's success never clears another's failure. */
export class PartitionFailures {
  private readonly byPartition = new Map<string, PartitionFailure>();

  /** Counts one more failed attempt; `since` stays the first failure's time. */
  record({ topic, partition, offset }: FailingBatch, lastError: string, now = new Date()): PartitionFailure {
    const key = partitionKeyOf(topic, partition);
    const failure = this.byPartition.get(key) ?? { topic, partition, offset, since: now, attempts: 0, lastError };
    failure.attempts++;
    failure.lastError = lastError;
    this.byPartition.set(key, failure);
    return failure;
  }

  /** The partition's batch was handled, or is no longer this member's to handle. */
  clear(topic: string, partition: number): void {
    this.byPartition.delete(partitionKeyOf(topic, partition));
  }

  list(): PartitionFailure[] {
    return [...this.byPartition.values()].sort(byTopicAndPartition);
  }

  /** One line naming each failing partition, or undefined when none fails. */
  describe(): string | undefined {
    if (this.byPartition.size === 0) return undefined;
    return this.list()
      .map((f) => `${partitionKeyOf(f.topic, f.partition)} at offset ${f.offset} failing since ${f.since.toISOString()} (${f.attempts} attempts): ${f.lastError}`)
      .join('; ');
  }
}

export function partitionKeyOf(topic: string, partition: number): string {
  return `${topic}[${partition}]`;
}

export function byTopicAndPartition(a: { topic: string; partition: number }, b: { topic: string; partition: number }): number {
  return a.topic.localeCompare(b.topic) || a.partition - b.partition;
}
