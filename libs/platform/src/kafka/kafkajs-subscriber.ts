import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { toInbound } from './kafkajs-inbound';
import { BatchHandler, InboundBatch, MessageSubscriber, PartitionFailure, SubscriptionOptions } from './message-bus';
import { PartitionFailures } from './partition-failures';

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
  private readonly failures = new PartitionFailures();

  constructor(private readonly kafka: Kafka) {
    super();
  }

  async start(options: SubscriptionOptions, handler: BatchHandler): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      minBytes: options.minBatchBytes,
      maxBytes: options.maxBatchBytes,
      // kafkajs caps each partition's share of a fetch at 1 MB by default: inserts of ~1,700 rows.
      maxBytesPerPartition: options.maxBatchBytes,
      maxWaitTimeInMs: options.maxBatchWaitMs,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.floor(options.sessionTimeoutMs / 10),
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsInFlight,
      eachBatch: (payload) => this.handleBatch(consumer, payload, handler),
    });
    this.running = true;
  }

  problem(): string | undefined {
    if (!this.running) return 'not consuming';
    return this.failures.describe();
  }

  failingPartitions(): PartitionFailure[] {
    return this.failures.list();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await this.consumer?.disconnect();
  }

  private async handleBatch(consumer: Consumer, payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const inbound = { topic: batch.topic, partition: batch.partition, messages: batch.messages.map((m) => toInbound(batch.partition, m)) };
    await this.untilHandled(inbound, handler, payload);
    const last = batch.lastOffset();
    resolveOffset(last);
    await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
    this.logger.debug(`committed ${batch.topic}[${batch.partition}] up to ${last}`);
    await heartbeat();
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
        const delay = Math.min(FIRST_RETRY_MS * 2 ** failures, MAX_RETRY_MS);
        this.logger.warn(
          `batch ${batch.topic}[${batch.partition}] at offset ${failure.offset} failed (attempt ${failure.attempts}, failing since ${failure.since.toISOString()}), retry in ${delay} ms: ${message}`,
        );
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        await heartbeat();
      }
    }
  }
}
