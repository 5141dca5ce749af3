import { Kafka, Partitioners, Producer } from 'kafkajs';
import { MessagePublisher, OutboundMessage, PublishUnavailableError } from './message-bus';

export interface PublisherOptions {
  /** A publish that has not been acknowledged by then is reported unavailable. */
  timeoutMs: number;
  /** Called once per connection, before the first publish on it (e.g. to create the topic). */
  onConnect?: () => Promise<void>;
}

/**
 * kafkajs behind our port: an idempotent producer with acks from all in-sync replicas. It
 * connects on first use and again after a failure, so that a process started while Kafka is
 * down recovers by itself once Kafka returns.
 */
export class KafkajsPublisher extends MessagePublisher {
  private readonly producer: Producer;
  private connecting?: Promise<void>;

  constructor(kafka: Kafka, private readonly options: PublisherOptions) {
    super();
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }

  async publish(topic: string, messages: OutboundMessage[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PublishUnavailableError(`Kafka did not acknowledge within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
    });
    try {
      await Promise.race([this.send(topic, messages), deadline]);
    } catch (error) {
      if (error instanceof PublishUnavailableError) throw error;
      throw new PublishUnavailableError(`Kafka refused the write: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  private async send(topic: string, messages: OutboundMessage[]): Promise<void> {
    await this.connect();
    await this.producer.send({ topic, messages, acks: -1 });
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
