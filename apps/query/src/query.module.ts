import { DynamicModule, Module } from '@nestjs/common';
import { ClickHouseConfig, ClickHouseModule, ClickHouseReadiness, healthEndpoints, MetricsModule } from '@tributary/platform';
import { EventMetricsController } from './event-metrics/event-metrics.controller';
import { EventMetricsService } from './event-metrics/event-metrics.service';

@Module({})
export class QueryModule {
  static forRoot(clickhouse: ClickHouseConfig): DynamicModule {
    const health = healthEndpoints([ClickHouseReadiness]);
    return {
      module: QueryModule,
      imports: [MetricsModule, ClickHouseModule.forRoot(clickhouse)],
      controllers: [EventMetricsController, ...health.controllers],
      providers: [EventMetricsService, ...health.providers],
    };
  }
}
