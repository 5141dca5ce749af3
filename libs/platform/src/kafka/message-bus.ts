/**
 * Our port to the message bus: the apps depend on these, never on a Kafka client, so that the
 * client (kafkajs today) can be replaced behind it.
 */
export interface OutboundMessage {
  /** Bytes as they are (a replayed message keeps its key exactly), or text in UTF-8. */
  key: string | Buffer | null;
  value: string | Buffer;
  headers?: Record<string, string>;
  /** Its Kafka timestamp; now, without it. A replay keeps the one its message had. */
  timestamp?: Date;
}

/** Raised when the bus cannot take a write now: the caller must not report it accepted. */
export class PublishUnavailableError extends Error {}

export abstract class MessagePublisher {
  /** Resolves only once every message is acknowledged by all in-sync replicas. */
  abstract publish(topic: string, messages: OutboundMessage[]): Promise<void>;
  abstract disconnect(): Promise<void>;
  /** Why the last send failed, until one succeeds. */
  abstract problem(): string | undefined;
  /** Messages published and waiting for a send now. */
  abstract queueDepth(): number;
}

export interface InboundMessage {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: Date;
}

export interface InboundBatch {
  topic: string;
  partition: number;
  messages: InboundMessage[];
}

/** Handles one batch; the batch's offsets are committed only after it resolves. */
export type BatchHandler = (batch: InboundBatch) => Promise<void>;

export interface SubscriptionOptions {
  topic: string;
  groupId: string;
  /** The broker holds a fetch until this many bytes are ready... */
  minBatchBytes: number;
  /** ...or this much time has passed. */
  maxBatchWaitMs: number;
  maxBatchBytes: number;
  /** A member silent this long is presumed dead and its partitions reassigned. */
  sessionTimeoutMs: number;
  /** Batches of this many partitions handled at once; each partition's stay in order. */
  partitionsInFlight: number;
  /** Told of commits and retries as they happen (metrics). */
  observer?: SubscriptionObserver;
}

export interface SubscriptionObserver {
  /** A batch's offsets were committed; the commit took `seconds`. */
  committed(seconds: number): void;
  /** A batch failed for the `failure.attempts`th time and will be tried again. */
  retrying(failure: PartitionFailure): void;
}

/** How far this member is behind on a partition it consumes. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /**
   * Messages after the committed offset, as the partition held them at its last fetch: set when
   * a batch is fetched and when it is committed, not while a batch is retried or none arrives.
   */
  messages: number;
}

/** A partition whose batch keeps failing and is being retried. */
export interface PartitionFailure {
  topic: string;
  partition: number;
  /** The first offset of the failing batch. */
  offset: string;
  /** When its first attempt failed. */
  since: Date;
  attempts: number;
  lastError: string;
}

export abstract class MessageSubscriber {
  abstract start(options: SubscriptionOptions, handler: BatchHandler): Promise<void>;
  /** Finishes the batch in hand, commits it, and leaves the group. */
  abstract stop(): Promise<void>;
  /** Why batches are not being handled now (not started, partitions failing), or nothing. */
  abstract problem(): string | undefined;
  /** Each partition failing now; a partition leaves the list when its batch is handled or no longer this member's. */
  abstract failingPartitions(): PartitionFailure[];
  /** Each partition assigned to this member that it has fetched from. */
  abstract partitionLags(): PartitionLag[];
  /** The partitions of `topic` the group assigns this member now: none while it joins, rebalances or is stopped. */
  abstract assignedPartitions(topic: string): number[];
}
