import { IsOptional, IsString, IsUrl, Matches } from 'class-validator';

export class ClickHouseConfig {
  /** HTTP(S) URL of the ClickHouse server; by default the embedded engine that `npm start` runs. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'CLICKHOUSE_URL must be an http(s) URL' })
  CLICKHOUSE_URL = 'http://127.0.0.1:8123';

  @IsString()
  CLICKHOUSE_USER = 'default';

  @IsOptional()
  @IsString()
  CLICKHOUSE_PASSWORD = '';

  /** Database holding the events table; created when missing. */
  @Matches(/^[a-zA-Z_][a-zA-Z0-9_]{0,62}$/, { message: 'CLICKHOUSE_DATABASE must be a plain identifier' })
  CLICKHOUSE_DATABASE = 'tributary';
}
