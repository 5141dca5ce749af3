import { IsPort, IsPortOtherThan } from '@tributary/platform';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class GatewayConfig {
  @IsPort()
  GATEWAY_PORT = 8080;

  @IsString()
  GATEWAY_HOST = '0.0.0.0';

  /** Port of GET /metrics, /health and /ready for probes and Prometheus. */
  @IsPortOtherThan('GATEWAY_PORT')
  GATEWAY_MANAGEMENT_PORT = 9080;

  @IsString()
  GATEWAY_MANAGEMENT_HOST = '0.0.0.0';

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

  /** Store client addresses without their last octet (IPv4) or beyond their /48 (IPv6); the country is read first. */
  @IsBoolean()
  GATEWAY_ANONYMIZE_IP = false;

  /** An MMDB country database (MaxMind GeoLite2-Country or ip-location-db); empty: the CC0 one the gateway ships. */
  @IsString()
  GATEWAY_GEOIP_DATABASE = '';

  /** Origins browsers may send events from: `*`, or a comma-separated list such as `https://app.example.com,https://example.com`. */
  @Matches(/^(\*|https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*)$/, { message: 'must be * or a comma-separated list of http(s) origins' })
  GATEWAY_CORS_ORIGINS = '*';
}
