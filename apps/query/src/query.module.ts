import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Access } from '@tributary/contracts';
import { ClickHouseConfig, ClickHouseModule, ClickHouseReadiness, ErasureStore, healthEndpoints, ManagementModule, SchemaConfig } from '@tributary/platform';
import { ClickHouseEventsReader } from './clickhouse-events-reader';
import { ErasureController } from './erasure/erasure.controller';
import { ErasureService } from './erasure/erasure.service';
import { EventListingController } from './event-listing/event-listing.controller';
import { EventListingRepository } from './event-listing/event-listing.repository';
import { EventMetricsController } from './event-metrics/event-metrics.controller';
import { EventMetricsService } from './event-metrics/event-metrics.service';
import { EventStatsController } from './event-stats/event-stats.controller';
import { EventStatsRepository } from './event-stats/event-stats.repository';
import { DistinctUsersRepository } from './distinct-users/distinct-users.repository';
import { StoredPartsRepository } from './stored-parts/stored-parts.repository';
import { EventStatsService } from './event-stats/event-stats.service';
import { ReadKeyGuard } from './read-scope/read-key.guard';
import { LogListingController } from './log-listing/log-listing.controller';
import { LogListingRepository } from './log-listing/log-listing.repository';
import { SiteStatsController } from './site-stats/site-stats.controller';
import { SiteStatsRepository } from './site-stats/site-stats.repository';
import { SharedReadsInterceptor } from './shared-reads/shared-reads.interceptor';

@Module({})
export class QueryModule {
  /** `access`: whose keys may read which project; open (no keys, the default project) when not given. */
  static forRoot(clickhouse: ClickHouseConfig, access: Access = Access.open(), schema: SchemaConfig = new SchemaConfig()): DynamicModule {
    const health = healthEndpoints([ClickHouseReadiness]);
    return {
      module: QueryModule,
      imports: [ManagementModule, ClickHouseModule.forRoot(clickhouse, schema)],
      controllers: [EventMetricsController, EventStatsController, EventListingController, LogListingController, SiteStatsController, ErasureController, ...health.controllers],
      providers: [{ provide: Access, useValue: access }, { provide: APP_GUARD, useClass: ReadKeyGuard }, { provide: APP_INTERCEPTOR, useClass: SharedReadsInterceptor }, EventMetricsService, EventStatsService, EventStatsRepository, DistinctUsersRepository, StoredPartsRepository, EventListingRepository, ClickHouseEventsReader, LogListingRepository, SiteStatsRepository, ErasureStore, ErasureService, ...health.providers],
    };
  }
}
