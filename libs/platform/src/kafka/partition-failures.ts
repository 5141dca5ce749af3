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
    const key = keyOf(topic, partition);
    const failure = this.byPartition.get(key) ?? { topic, partition, offset, since: now, attempts: 0, lastError };
    failure.attempts++;
    failure.lastError = lastError;
    this.byPartition.set(key, failure);
    return failure;
  }

  /** The partition's batch was handled, or is no longer this member's to handle. */
  clear(topic: string, partition: number): void {
    this.byPartition.delete(keyOf(topic, partition));
  }

  list(): PartitionFailure[] {
    return [...this.byPartition.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  /** One line naming each failing partition, or undefined when none fails. */
  describe(): string | undefined {
    if (this.byPartition.size === 0) return undefined;
    return this.list()
      .map((f) => `${keyOf(f.topic, f.partition)} at offset ${f.offset} failing since ${f.since.toISOString()} (${f.attempts} attempts): ${f.lastError}`)
      .join('; ');
  }
}

function keyOf(topic: string, partition: number): string {
  return `${topic}[${partition}]`;
}
