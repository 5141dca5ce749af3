import { Kafka, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { MessagePublisher, OutboundMessage, PublishUnavailableError } from './message-bus';

export interface PublisherOptions {
  /** A publish that has not been acknowledged by then is reported unavailable. */
  timeoutMs: number;
  /** Messages waiting for a send beyond this are refused at once: bounded memory, fast 503s. */
  maxQueuedMessages?: number;
  /** Most messages one send carries. */
  maxMessagesPerSend?: number;
  /**
   * Most bytes one send carries. The broker refuses a partition's share of a send over its
   * message.max.bytes (1 MiB by default) whole: a larger publish goes out in several sends.
   */
  maxBytesPerSend?: number;
  /** Called once per connection, before the first send on it (e.g. to create the topic). */
  onConnect?: () => Promise<void>;
}

interface QueuedPublish {
  topic: string;
  messages: OutboundMessage[];
  bytes: number;
  expired: boolean;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * kafkajs behind our port: a producer with acks from all in-sync replicas.
 *
 * Not kafkajs's idempotent producer: after a send fails it rewinds its sequence numbers, yet the
 * broker may have written that send (an answer lost, a timeout); the next send of the same size
 * then reuses those numbers, and the broker acknowledges it as a copy and drops it. A retry may
 * write a message twice instead, which the writer's dedup absorbs (test/fault/unanswered-produce).
 *
 * Group commit: one send is in flight at a time, and everything published meanwhile rides on
 * the next one. kafkajs does not batch by itself and awaiting each send serialises them, so
 * this is what lets many concurrent requests share a round trip to the broker.
 *
 * It connects on first use and again after a failure, so that a process started while Kafka is
 * down recovers by itself once Kafka returns.
 */
export class KafkajsPublisher extends MessagePublisher {
  private readonly producer: Producer;
  private readonly queue: QueuedPublish[] = [];
  private queuedMessages = 0;
  private sending = false;
  private connecting?: Promise<void>;
  private lastFailure?: string;

  constructor(kafka: Kafka, private readonly options: PublisherOptions) {
    super();
    this.producer = kafka.producer({
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }

  publish(topic: string, messages: OutboundMessage[]): Promise<void> {
    const limit = this.options.maxQueuedMessages ?? 100_000;
    if (this.queuedMessages + messages.length > limit) {
      return Promise.reject(new PublishUnavailableError(`${this.queuedMessages} messages already wait for Kafka (limit ${limit})`));
    }
    const entries = bySize(messages, this.options.maxBytesPerSend ?? DEFAULT_MAX_BYTES_PER_SEND).map((part) => this.enqueue(topic, part));
    void this.drain();
    return this.withDeadline(Promise.all(entries.map(({ acknowledged }) => acknowledged)).then(() => undefined), entries.map(({ entry }) => entry));
  }

  private enqueue(topic: string, { messages, bytes }: SizedMessages): { entry: QueuedPublish; acknowledged: Promise<void> } {
    let entry!: QueuedPublish;
    const acknowledged = new Promise<void>((resolve, reject) => {
      entry = { topic, messages, bytes, expired: false, resolve, reject };
    });
    this.queue.push(entry);
    this.queuedMessages += messages.length;
    return { entry, acknowledged };
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  problem(): string | undefined {
    return this.lastFailure;
  }

  queueDepth(): number {
    return this.queuedMessages;
  }

  private async withDeadline(acknowledged: Promise<void>, entries: QueuedPublish[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        for (const entry of entries) entry.expired = true;
        reject(new PublishUnavailableError(`Kafka did not acknowledge within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
    });
    try {
      await Promise.race([acknowledged, deadline]);
    } catch (error) {
      if (error instanceof PublishUnavailableError) throw error;
      throw new PublishUnavailableError(`Kafka refused the write: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        if (batch.length === 0) continue;
        try {
          await this.connect();
          await this.producer.sendBatch({ topicMessages: byTopic(batch), acks: -1 });
          this.lastFailure = undefined;
          batch.forEach((entry) => entry.resolve());
        } catch (error) {
          this.lastFailure = `Kafka refused the last write: ${(error as Error).message}`;
          batch.forEach((entry) => entry.reject(error as Error));
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** The next send's share of the queue; publishes already answered 503 are not sent. */
  private takeBatch(): QueuedPublish[] {
    const maxMessages = this.options.maxMessagesPerSend ?? 10_000;
    const maxBytes = this.options.maxBytesPerSend ?? DEFAULT_MAX_BYTES_PER_SEND;
    const batch: QueuedPublish[] = [];
    let count = 0;
    let bytes = 0;
    const fits = (next: QueuedPublish) => count + next.messages.length <= maxMessages && bytes + next.bytes <= maxBytes;
    while (this.queue.length > 0 && (batch.length === 0 || fits(this.queue[0]))) {
      const entry = this.queue.shift()!;
      this.queuedMessages -= entry.messages.length;
      if (entry.expired) continue;
      batch.push(entry);
      count += entry.messages.length;
      bytes += entry.bytes;
    }
    return batch;
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      await this.producer.connect();
      await this.options.onConnect?.();
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }
}

/** Half the broker's default message.max.bytes: room for the record batch's own overhead. */
const DEFAULT_MAX_BYTES_PER_SEND = 512 * 1024;
/** A record's framing besides its key, value and headers, at most (varints, timestamp and offset deltas, attributes). */
const RECORD_OVERHEAD_BYTES = 32;

interface SizedMessages {
  messages: OutboundMessage[];
  bytes: number;
}

/** The messages in order, in parts of at most maxBytes each (a single larger message alone in its part). */
function bySize(messages: OutboundMessage[], maxBytes: number): SizedMessages[] {
  const parts: SizedMessages[] = [];
  let current: SizedMessages = { messages: [], bytes: 0 };
  for (const message of messages) {
    const bytes = sizeOf(message);
    if (current.messages.length > 0 && current.bytes + bytes > maxBytes) {
      parts.push(current);
      current = { messages: [], bytes: 0 };
    }
    current.messages.push(message);
    current.bytes += bytes;
  }
  if (current.messages.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

function sizeOf({ key, value, headers }: OutboundMessage): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(value) + (key === null ? 0 : Buffer.byteLength(key));
  for (const name in headers) bytes += Buffer.byteLength(name) + Buffer.byteLength(headers[name]) + 2;
  return bytes;
}

function byTopic(batch: QueuedPublish[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, messages } of batch) {
    const list = topics.get(topic);
    if (list) list.push(...messages.map(toKafkajs));
    else topics.set(topic, messages.map(toKafkajs));
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}

/** kafkajs takes the timestamp as milliseconds since the epoch, in text. Most messages have none: no copy then. */
function toKafkajs(message: OutboundMessage): Message {
  const { timestamp } = message;
  return timestamp === undefined ? (message as Omit<OutboundMessage, 'timestamp'>) : { ...message, timestamp: String(timestamp.getTime()) };
}
