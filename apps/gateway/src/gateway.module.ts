import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createKafka, ensureTopic, healthEndpoints, KafkaConfig, KafkajsPublisher, ManagementModule, MessagePublisher, PublisherReadiness } from '@tributary/platform';
import { Access, SOURCES } from '@tributary/contracts';
import { Registry } from 'prom-client';
import { EventEnricher } from './enrichment/event-enricher';
import { DEFAULT_GEOIP_DATABASE, IpCountries } from './enrichment/ip-countries';
import { EventIngestionService } from './ingestion/event-ingestion.service';
import { GatewayMetrics } from './ingestion/gateway.metrics';
import { sourceRoutesController } from './sources/source-routes.controller';
import { SourceRequestMetrics } from './sources/source-request-metrics';
import { GatewayConfig } from './gateway.config';

export interface GatewaySettings {
  kafka: KafkaConfig;
  gateway: GatewayConfig;
  /** Whose keys may write, into which project; open (no keys, the default project) when not given. */
  access?: Access;
}

@Module({})
export class GatewayModule implements OnApplicationShutdown {
  constructor(private readonly publisher: MessagePublisher) {}

  static forRoot({ kafka, gateway, access = Access.open() }: GatewaySettings): DynamicModule {
    const health = healthEndpoints([PublisherReadiness]);
    return {
      module: GatewayModule,
      imports: [ManagementModule],
      controllers: [sourceRoutesController(SOURCES), ...health.controllers],
      providers: [
        ...health.providers,
        { provide: KafkaConfig, useValue: kafka },
        { provide: GatewayConfig, useValue: gateway },
        { provide: Access, useValue: access },
        GatewayMetrics,
        {
          provide: SourceRequestMetrics,
          useFactory: (registry: Registry, adapterHost: HttpAdapterHost) => new SourceRequestMetrics(SOURCES, registry, adapterHost),
          inject: [Registry, HttpAdapterHost],
        },
        EventIngestionService,
        {
          provide: EventEnricher,
          useFactory: async () =>
            new EventEnricher(await IpCountries.open(gateway.GATEWAY_GEOIP_DATABASE || DEFAULT_GEOIP_DATABASE), { anonymizeIp: gateway.GATEWAY_ANONYMIZE_IP }),
        },
        {
          provide: MessagePublisher,
          useFactory: () => {
            const client = createKafka(kafka, 'gateway');
            return new KafkajsPublisher(client, {
              timeoutMs: gateway.GATEWAY_PUBLISH_TIMEOUT_MS,
              maxQueuedMessages: gateway.GATEWAY_PUBLISH_QUEUE_LIMIT,
              onConnect: () => ensureTopic(client, kafka.KAFKA_TOPIC, kafka.KAFKA_TOPIC_PARTITIONS),
            });
          },
        },
      ],
    };
  }

  /** Runs after the server stopped taking requests: what is in flight has been answered. */
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}
