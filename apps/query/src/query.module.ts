import { DynamicModule, Module } from '@nestjs/common';
import { ClickHouseConfig, ClickHouseModule, ClickHouseReadiness, healthEndpoints, ManagementModule } from '@tributary/platform';
import { ClickHouseEventsReader } from './clickhouse-events-reader';
import { EventMetricsController } from './event-metrics/event-metrics.controller';
import { EventMetricsService } from './event-metrics/event-metrics.service';
import { EventStatsController } from './event-stats/event-stats.controller';
import { EventStatsRepository } from './event-stats/event-stats.repository';
import { EventStatsService } from './event-stats/event-stats.service';
import { LogListingController } from './log-listing/log-listing.controller';
import { LogListingRepository } from './log-listing/log-listing.repository';
import { SiteStatsController } from './site-stats/site-stats.controller';
import { SiteStatsRepository } from './site-stats/site-stats.repository';

@Module({})
export class QueryModule {
  static forRoot(clickhouse: ClickHouseConfig): DynamicModule {
    const health = healthEndpoints([ClickHouseReadiness]);
    return {
      module: QueryModule,
      imports: [ManagementModule, ClickHouseModule.forRoot(clickhouse)],
      controllers: [EventMetricsController, EventStatsController, LogListingController, SiteStatsController, ...health.controllers],
      providers: [EventMetricsService, EventStatsService, EventStatsRepository, ClickHouseEventsReader, LogListingRepository, SiteStatsRepository, ...health.providers],
    };
  }
}
