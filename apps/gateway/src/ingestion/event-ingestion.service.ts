import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AcceptedEvent,
  canonicalEventOf,
  encodeEventMessage,
  FieldError,
  Headers,
  payloadsOfBody,
  Receipt,
  requestIdOfHeaders,
  Source,
  SourceRoute,
  validatePayload,
} from '@tributary/contracts';
import { InvalidInputError, KafkaConfig, MessagePublisher, PublishUnavailableError, UnavailableError } from '@tributary/platform';
import { randomUUID } from 'node:crypto';
import { EventEnricher } from '../enrichment/event-enricher';
import { GatewayMetrics } from './gateway.metrics';

/** One request for a source's route, its body parsed, in no transport's terms. */
export interface IngestRequest {
  source: Source;
  route: SourceRoute;
  body: unknown;
  /** Its X-Request-Id is the request's id: the platform sets it (acceptRequestId) before any handler runs. */
  headers: Headers;
  /** Its send time (sentAt) included, as the source's receiptOf reads it. */
  receipt: Receipt;
  /** The size of the body's text, when known: it spares measuring each event. */
  bodyBytes?: number;
}

/**
 * The ingestion core, the same for every source: validate, map to the canonical event, key,
 * publish, and answer in the source's shape only once Kafka has every event. Each message
 * carries the request's id (x-request-id), as do the lines logged about the request.
 */
@Injectable()
export class EventIngestionService {
  private readonly logger = new Logger(EventIngestionService.name);

  constructor(
    private readonly publisher: MessagePublisher,
    @Inject(KafkaConfig) private readonly kafka: KafkaConfig,
    private readonly metrics: GatewayMetrics,
    private readonly enricher: EventEnricher,
  ) {}

  async ingest({ source, route, body, headers, receipt, bodyBytes }: IngestRequest): Promise<unknown> {
    const found = payloadsOfBody(route, body);
    if (!found.ok) throw new InvalidInputError(found.errors, 'Invalid batch');
    const { payloads, paths } = found.value;
    const accepted: AcceptedEvent[] = [];
    const errors: FieldError[] = [];
    payloads.forEach((raw, index) => {
      const payload = validatePayload(source, raw, paths[index], bodyBytes, route);
      if (!payload.ok) errors.push(...payload.errors);
      else {
        const event = this.enricher.enrich(canonicalEventOf(source, payload.value, receipt));
        event.id ??= randomUUID();
        accepted.push({ payload: payload.value, event: event as AcceptedEvent['event'] });
      }
    });
    if (errors.length > 0 && (source.invalidEvent === 'refuse-request' || accepted.length === 0)) {
      throw new InvalidInputError(errors, payloads.length > 1 ? 'Invalid events, none accepted' : 'Invalid event');
    }
    const requestId = requestIdOfHeaders(headers);
    if (errors.length > 0) {
      const dropped = payloads.length - accepted.length;
      this.metrics.eventsDropped.inc({ source: source.name }, dropped);
      this.logger.warn({ msg: `${source.name}: dropped ${dropped} invalid event(s) of ${payloads.length}: ${errors[0].field} ${errors[0].reason}`, request_id: requestId });
    }
    await this.publish(source, accepted, receipt.receivedAt, requestId);
    return route.respond(accepted, receipt);
  }

  private async publish(source: Source, accepted: AcceptedEvent[], receivedAt: Date, requestId: string | undefined): Promise<void> {
    const messages = accepted.map(({ event }) => encodeEventMessage({ receivedAt, event, requestId }));
    const stopTimer = this.metrics.publishSeconds.startTimer();
    try {
      await this.publisher.publish(this.kafka.KAFKA_TOPIC, messages);
    } catch (error) {
      if (!(error instanceof PublishUnavailableError)) throw error;
      this.metrics.publishFailures.inc();
      this.logger.warn({ msg: `refused ${accepted.length} event(s): ${error.message}`, request_id: requestId });
      throw new UnavailableError(`Kafka is unavailable, nothing was accepted; retry later (${error.message})`, 5);
    }
    stopTimer();
    this.metrics.eventsAccepted.inc({ source: source.name }, accepted.length);
    for (const { value } of messages) this.metrics.eventBytes.observe({ source: source.name }, Buffer.byteLength(value));
  }
}
