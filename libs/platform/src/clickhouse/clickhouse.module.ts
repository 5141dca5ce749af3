import { ClickHouseClient } from '@clickhouse/client';
import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClickHouseConfig } from '../config/clickhouse.config';
import { createClickHouseClient } from './clickhouse-client';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { waitUntilReachable } from './wait-until-reachable';

const logger = new Logger('ClickHouse');

/** Provides a ClickHouseClient on the configured database, migrated before the app starts. */
@Module({})
export class ClickHouseModule implements OnApplicationShutdown {
  constructor(@Inject(ClickHouseClient) private readonly client: ClickHouseClient) {}

  static forRoot(config: ClickHouseConfig): DynamicModule {
    return {
      module: ClickHouseModule,
      global: true,
      providers: [
        { provide: ClickHouseConfig, useValue: config },
        {
          provide: ClickHouseClient,
          useFactory: async () => {
            const client = createClickHouseClient(config);
            await waitUntilReachable(client, config.CLICKHOUSE_URL, 60_000);
            const applied = await migrate(config, client, MIGRATIONS);
            if (applied.length > 0) logger.log(`applied migrations ${applied.join(', ')} to ${config.CLICKHOUSE_DATABASE}`);
            return client;
          },
        },
      ],
      exports: [ClickHouseClient, ClickHouseConfig],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
