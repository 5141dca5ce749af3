import { IsPort, IsPortOtherThan, IsRateWindowMs, IsRequestLimit } from '@tributary/platform';
import { IsBoolean, IsString } from 'class-validator';

export class QueryConfig {
  @IsPort()
  QUERY_PORT = 8081;

  @IsString()
  QUERY_HOST = '0.0.0.0';

  /** Port of GET /metrics, /health and /ready for probes and Prometheus. */
  @IsPortOtherThan('QUERY_PORT')
  QUERY_MANAGEMENT_PORT = 9081;

  @IsString()
  QUERY_MANAGEMENT_HOST = '0.0.0.0';

  /** Take the client address (for QUERY_RATE_LIMIT_PER_IP) from X-Forwarded-For; set it only behind a proxy that overwrites that header. */
  @IsBoolean()
  QUERY_TRUST_PROXY = false;

  /** Requests one client address may make per window (every route but /health, /ready and Swagger), in each query process; 0: no limit. */
  @IsRequestLimit()
  QUERY_RATE_LIMIT_PER_IP = 0;

  /** The window QUERY_RATE_LIMIT_PER_IP counts in. */
  @IsRateWindowMs()
  QUERY_RATE_LIMIT_WINDOW_MS = 60_000;
}
