import { IsPort } from '@tributary/platform';
import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';

export class GatewayConfig {
  @IsPort()
  GATEWAY_PORT = 8080;

  @IsString()
  GATEWAY_HOST = '0.0.0.0';

  /** Largest request body accepted, JSON or NDJSON. */
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  GATEWAY_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

  /** How long a request waits for Kafka's acknowledgement before it is answered 503. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  GATEWAY_PUBLISH_TIMEOUT_MS = 10_000;

  /** Events waiting for Kafka beyond this are answered 503 at once: bounds the gateway's memory. */
  @IsInt()
  @Min(1000)
  @Max(10_000_000)
  GATEWAY_PUBLISH_QUEUE_LIMIT = 100_000;

  /** Take the client IP from X-Forwarded-For; set it only behind a proxy that overwrites that header. */
  @IsBoolean()
  GATEWAY_TRUST_PROXY = false;
}
