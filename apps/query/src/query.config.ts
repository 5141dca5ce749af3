import { IsInt, IsString, Max, Min } from 'class-validator';

export class QueryConfig {
  @IsInt()
  @Min(0)
  @Max(65535)
  QUERY_PORT = 8081;

  @IsString()
  QUERY_HOST = '0.0.0.0';
}
