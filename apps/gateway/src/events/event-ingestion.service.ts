import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AcceptedEvent,
  ClientEvent,
  dedupKeyOf,
  encodeEventMessage,
  EVENT_LIMITS,
  FieldError,
  validateEvent,
} from '@tributary/contracts';
import { InvalidInputError, KafkaConfig, MessagePublisher, PublishUnavailableError, UnavailableError } from '@tributary/platform';
import { randomUUID } from 'node:crypto';
import { GatewayMetrics } from './gateway.metrics';

export interface RequestContext {
  receivedAt: Date;
  clientIp?: string;
  /** The request body's size, when the client declared it. */
  bodyBytes?: number;
}

/** Validates, enriches and publishes events; answers only once Kafka has them. */
@Injectable()
export class EventIngestionService {
  private readonly logger = new Logger(EventIngestionService.name);

  constructor(
    private readonly publisher: MessagePublisher,
    @Inject(KafkaConfig) private readonly kafka: KafkaConfig,
    private readonly metrics: GatewayMetrics,
  ) {}

  async ingestOne(raw: unknown, context: RequestContext): Promise<string> {
    const [id] = await this.ingest([raw], context, '');
    return id;
  }

  async ingestBatch(raws: unknown, context: RequestContext): Promise<string[]> {
    return this.ingest(this.batchOf(raws), context, 'events');
  }

  private async ingest(raws: unknown[], context: RequestContext, path: string): Promise<string[]> {
    const events = this.validateAll(raws, path, context.bodyBytes);
    const accepted = events.map((event) => this.accept(event, context));
    try {
      await this.publisher.publish(this.kafka.KAFKA_TOPIC, accepted.map(encodeEventMessage));
    } catch (error) {
      if (!(error instanceof PublishUnavailableError)) throw error;
      this.metrics.publishFailures.inc();
      this.logger.warn(`refused ${accepted.length} event(s): ${error.message}`);
      throw new UnavailableError(`Kafka is unavailable, nothing was accepted; retry later (${error.message})`, 5);
    }
    this.metrics.eventsAccepted.inc(accepted.length);
    return accepted.map((a) => a.id);
  }

  private batchOf(raws: unknown): unknown[] {
    const problem = (reason: string): never => {
      this.metrics.requestsRefused.inc();
      throw new InvalidInputError([{ field: 'events', reason }], 'Invalid batch');
    };
    if (raws === undefined) return problem('is required');
    if (!Array.isArray(raws)) return problem('must be an array of events');
    if (raws.length === 0) return problem('must contain at least one event');
    if (raws.length > EVENT_LIMITS.batchEvents) return problem(`has ${raws.length} events, over the limit of ${EVENT_LIMITS.batchEvents}`);
    return raws;
  }

  private validateAll(raws: unknown[], path: string, sourceBytes?: number): ClientEvent[] {
    const errors: FieldError[] = [];
    const events: ClientEvent[] = [];
    raws.forEach((raw, index) => {
      const result = validateEvent(raw, { path: path ? `${path}[${index}]` : '', sourceBytes });
      if (result.ok) events.push(result.value);
      else errors.push(...result.errors);
    });
    if (errors.length > 0) {
      this.metrics.requestsRefused.inc();
      throw new InvalidInputError(errors, raws.length > 1 ? 'Invalid events, none accepted' : 'Invalid event');
    }
    return events;
  }

  private accept(event: ClientEvent, context: RequestContext): AcceptedEvent {
    return { id: dedupKeyOf(event) ?? randomUUID(), receivedAt: context.receivedAt, clientIp: context.clientIp, event };
  }
}
