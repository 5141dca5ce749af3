import { Injectable } from '@nestjs/common';
import { MessagePublisher } from '@tributary/platform';
import { Counter, exponentialBuckets, Gauge, Histogram, Registry } from 'prom-client';

/** What the ingestion core does: events accepted, dropped and published. Refused requests: SourceRequestMetrics. */
@Injectable()
export class GatewayMetrics {
  readonly eventsAccepted: Counter<'source'>;
  readonly eventsDropped: Counter<'source'>;
  readonly eventBytes: Histogram<'source'>;
  readonly publishSeconds: Histogram;
  readonly publishFailures: Counter;

  constructor(registry: Registry, publisher: MessagePublisher) {
    this.eventsAccepted = new Counter({
      name: 'tributary_gateway_events_accepted_total',
      help: 'Events acknowledged by Kafka and answered 2xx, by source',
      labelNames: ['source'],
      registers: [registry],
    });
    this.eventsDropped = new Counter({
      name: 'tributary_gateway_events_dropped_total',
      help: 'Invalid events dropped from a request whose other events were accepted (sources that drop rather than refuse), by source',
      labelNames: ['source'],
      registers: [registry],
    });
    this.eventBytes = new Histogram({
      name: 'tributary_gateway_event_size_bytes',
      help: 'Size of each accepted event as published to Kafka (the message value), by source',
      labelNames: ['source'],
      buckets: exponentialBuckets(128, 2, 12),
      registers: [registry],
    });
    this.publishSeconds = new Histogram({
      name: 'tributary_gateway_publish_duration_seconds',
      help: "Time from a request's events handed to the publisher until Kafka acknowledged them all, waiting for the shared send included",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.publishFailures = new Counter({
      name: 'tributary_gateway_publish_failures_total',
      help: 'Publishes Kafka did not acknowledge (refused, timed out, or the queue full), each answered 503',
      registers: [registry],
    });
    new Gauge({
      name: 'tributary_gateway_publish_queue_messages',
      help: 'Messages published and waiting for a send to Kafka; beyond GATEWAY_PUBLISH_QUEUE_LIMIT, publishes are refused',
      registers: [registry],
      collect() {
        this.set(publisher.queueDepth());
      },
    });
  }
}
