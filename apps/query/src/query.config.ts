import { IsPort, IsPortOtherThan } from '@tributary/platform';
import { IsString } from 'class-validator';

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
}
