import { ClickHouseClient } from '@clickhouse/client';
import { Injectable } from '@nestjs/common';
import { ReadinessCheck } from './health.module';

@Injectable()
export class ClickHouseReadiness extends ReadinessCheck {
  readonly name = 'clickhouse';

  constructor(private readonly client: ClickHouseClient) {
    super();
  }

  async problem(): Promise<string | undefined> {
    const ping = await this.client.ping();
    return ping.success ? undefined : `ping failed: ${String(ping.error)}`;
  }
}
