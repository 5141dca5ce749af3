import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class GatewayMetrics {
  readonly eventsAccepted: Counter;
  readonly requestsRefused: Counter;
  readonly publishFailures: Counter;

  constructor(registry: Registry) {
    this.eventsAccepted = new Counter({
      name: 'tributary_gateway_events_accepted_total',
      help: 'Events acknowledged by Kafka and answered 2xx, by source',
      labelNames: ['source'],
      registers: [registry],
    });
    this.requestsRefused = new Counter({
      name: 'tributary_gateway_requests_refused_total',
      help: 'Requests answered 400 because of invalid events, by source',
      labelNames: ['source'],
      registers: [registry],
    });
    this.publishFailures = new Counter({
      name: 'tributary_gateway_publish_failures_total',
      help: 'Requests answered 503 because Kafka did not acknowledge',
      registers: [registry],
    });
  }
}
