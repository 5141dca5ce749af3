import { IsPort } from '@tributary/platform';
import { IsString } from 'class-validator';

export class QueryConfig {
  @IsPort()
  QUERY_PORT = 8081;

  @IsString()
  QUERY_HOST = '0.0.0.0';
}
