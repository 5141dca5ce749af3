import { Logger } from '@nestjs/common';
import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { BatchHandler, InboundMessage, MessageSubscriber, SubscriptionOptions } from './message-bus';

/**
 * kafkajs consumer group behind our port. Offsets are committed by hand, only after the handler
 * has resolved for the batch they cover; a failed handler commits nothing, so the batch is
 * fetched again.
 */
export class KafkajsSubscriber extends MessageSubscriber {
  private readonly logger = new Logger(KafkajsSubscriber.name);
  private consumer?: Consumer;

  constructor(private readonly kafka: Kafka) {
    super();
  }

  async start(options: SubscriptionOptions, handler: BatchHandler): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      minBytes: options.minBatchBytes,
      maxBytes: options.maxBatchBytes,
      maxWaitTimeInMs: options.maxBatchWaitMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(consumer, payload, handler),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async handleBatch(consumer: Consumer, payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch, heartbeat, isRunning, isStale, resolveOffset } = payload;
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    await handler({ topic: batch.topic, partition: batch.partition, messages: batch.messages.map((m) => toInbound(batch.partition, m)) });
    const last = batch.lastOffset();
    resolveOffset(last);
    await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
    this.logger.debug(`committed ${batch.topic}[${batch.partition}] up to ${last}`);
    await heartbeat();
  }
}

function toInbound(partition: number, message: KafkaMessage): InboundMessage {
  return {
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: headersOf(message.headers),
    timestamp: new Date(Number(message.timestamp)),
  };
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) result[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return result;
}
