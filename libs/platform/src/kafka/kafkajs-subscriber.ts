import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { toInbound } from './kafkajs-inbound';
import { BatchHandler, InboundBatch, MessageSubscriber, PartitionFailure, PartitionLag, SubscriptionObserver, SubscriptionOptions } from './message-bus';
import { PartitionFailures } from './partition-failures';
import { PartitionLags } from './partition-lags';

const FIRST_RETRY_MS = 200;
const MAX_RETRY_MS = 10_000;

/**
 * kafkajs consumer group behind our port. Offsets are committed by hand, only after the handler
 * has resolved for the batch they cover.
 *
 * A failing handler (ClickHouse down) is retried with backoff on the same batch, heartbeating
 * meanwhile: no further fetch, so memory stays bounded by one batch, nothing is committed, and
 * the batch is never skipped. It stops retrying only when the batch is no longer this member's
 * (a rebalance) or the subscriber stops; the batch is then delivered again, here or elsewhere.
 */
export class KafkajsSubscriber extends MessageSubscriber {
  private readonly logger = new Logger(KafkajsSubscriber.name);
  private readonly stopping = new AbortController();
  private consumer?: Consumer;
  private running = false;
  private crashed?: string;
  private readonly failures = new PartitionFailures();
  private readonly lags = new PartitionLags();
  private assignment: Record<string, number[]> = {};
  private observer?: SubscriptionObserver;

  constructor(private readonly kafka: Kafka) {
    super();
  }

  async start(options: SubscriptionOptions, handler: BatchHandler): Promise<void> {
    const heartbeatMs = Math.floor(options.sessionTimeoutMs / 10);
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      minBytes: options.minBatchBytes,
      maxBytes: options.maxBatchBytes,
      // kafkajs caps each partition's share of a fetch at 1 MB by default: inserts of ~1,700 rows.
      maxBytesPerPartition: options.maxBatchBytes,
      maxWaitTimeInMs: options.maxBatchWaitMs,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: heartbeatMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    this.observer = options.observer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assignment = payload.memberAssignment;
      this.lags.keepOnly(payload.memberAssignment);
    });
    // Until the group assigns again, a partition of ours may already be another member's.
    for (const event of [consumer.events.REBALANCING, consumer.events.STOP, consumer.events.CRASH]) consumer.on(event, () => (this.assignment = {}));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) void this.restartAfterCrash(payload.error, options, handler);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsInFlight,
      eachBatch: (payload) => this.handleBatch(consumer, payload, handler, heartbeatMs),
    });
    this.running = true;
    this.crashed = undefined;
  }

  problem(): string | undefined {
    if (this.crashed) return this.crashed;
    if (!this.running) return 'not consuming';
    return this.failures.describe();
  }

  failingPartitions(): PartitionFailure[] {
    return this.failures.list();
  }

  partitionLags(): PartitionLag[] {
    return this.lags.list();
  }

  assignedPartitions(topic: string): number[] {
    return this.assignment[topic] ?? [];
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await this.consumer?.disconnect();
  }

  private async handleBatch(consumer: Consumer, payload: EachBatchPayload, handler: BatchHandler, heartbeatMs: number): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const inbound = { topic: batch.topic, partition: batch.partition, messages: batch.messages.map((m) => toInbound(batch.partition, m)) };
    // Fetched from the committed offset: the batch and what follows it are the lag.
    this.lags.record(batch.topic, batch.partition, inbound.messages[0].offset, batch.highWatermark);
    // A long batch (one split around refused rows, a slow insert) must not cost the member its place in the group.
    const keepAlive = setInterval(() => void heartbeat().catch(() => undefined), heartbeatMs);
    try {
      await this.untilHandled(inbound, handler, payload);
    } finally {
      clearInterval(keepAlive);
    }
    if (!isRunning() || isStale()) {
      this.logger.warn(`batch ${batch.topic}[${batch.partition}] at offset ${batch.firstOffset()} written, but the partition moved away meanwhile: its new owner writes it again, deduplicated`);
      return;
    }
    const last = batch.lastOffset();
    const committed = (BigInt(last) + 1n).toString();
    resolveOffset(last);
    const commitStarted = performance.now();
    try {
      await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: committed }]);
    } catch (error) {
      // kafkajs wraps a rebalance (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION) as non-retriable, and its
      // run loop would then crash instead of rejoining the group; it rejoins on the cause.
      throw originalCause(error);
    }
    this.observer?.committed((performance.now() - commitStarted) / 1000);
    this.lags.record(batch.topic, batch.partition, committed, batch.highWatermark);
    this.logger.debug(`committed ${batch.topic}[${batch.partition}] up to ${last}`);
    await heartbeat();
  }

  /** kafkajs stops for good after an error it deems non-retriable; a writer without a consumer must not linger as if it worked. */
  private async restartAfterCrash(error: Error, options: SubscriptionOptions, handler: BatchHandler): Promise<void> {
    for (let attempt = 0; !this.stopping.signal.aborted; attempt++) {
      this.running = false;
      this.crashed = `the consumer crashed (${error.message}); restarting, attempt ${attempt + 1}`;
      this.logger.error(this.crashed);
      await sleep(backoffMs(attempt), undefined, { signal: this.stopping.signal }).catch(() => undefined);
      if (this.stopping.signal.aborted) return;
      try {
        await this.consumer?.disconnect();
        await this.start(options, handler);
        this.logger.log('the consumer restarted after its crash');
        return;
      } catch (restartError) {
        error = restartError as Error;
      }
    }
  }

  private async untilHandled(batch: InboundBatch, handler: BatchHandler, payload: EachBatchPayload): Promise<void> {
    try {
      await this.retryUntilHandled(batch, handler, payload);
    } finally {
      // Handled, or no longer this member's to handle: either way it no longer fails here.
      this.failures.clear(batch.topic, batch.partition);
    }
  }

  private async retryUntilHandled(batch: InboundBatch, handler: BatchHandler, { heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (let failures = 0; ; failures++) {
      try {
        return await handler(batch);
      } catch (error) {
        if (this.stopping.signal.aborted || !isRunning() || isStale()) throw error;
        const { message } = error as Error;
        const failure = this.failures.record({ topic: batch.topic, partition: batch.partition, offset: batch.messages[0].offset }, message);
        this.observer?.retrying(failure);
        const delay = backoffMs(failures);
        this.logger.warn(
          `batch ${batch.topic}[${batch.partition}] at offset ${failure.offset} failed (attempt ${failure.attempts}, failing since ${failure.since.toISOString()}), retry in ${delay} ms: ${message}`,
        );
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        await heartbeat();
      }
    }
  }
}

/** 200 ms, doubling, at most 10 s. */
function backoffMs(failures: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** failures, MAX_RETRY_MS);
}

function originalCause(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause ? originalCause(cause) : error;
}
