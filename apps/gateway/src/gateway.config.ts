import { IsPort, IsPortOtherThan, IsRateWindowMs, IsRequestLimit } from '@tributary/platform';
import { IsBoolean, IsInt, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';
import { ListsOriginsInProduction } from './transport/cors';

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
  @ListsOriginsInProduction()
  GATEWAY_CORS_ORIGINS = '*';

  /** `production` (the image sets it) refuses what suits development only: GATEWAY_CORS_ORIGINS=*. */
  @IsString()
  NODE_ENV = '';

  /** Requests to the ingestion routes one client address may make per window, in each gateway process; 0: no limit. */
  @IsRequestLimit()
  GATEWAY_RATE_LIMIT_PER_IP = 0;

  /** Requests to the ingestion routes one write key (Basic auth's user, or X-Write-Key) may make per window, in each gateway process; 0: no limit. */
  @IsRequestLimit()
  GATEWAY_RATE_LIMIT_PER_KEY = 0;

  /** The window both rate limits count in. */
  @IsRateWindowMs()
  GATEWAY_RATE_LIMIT_WINDOW_MS = 60_000;

  /** The query app's base URL, e.g. `http://127.0.0.1:8081`: the gateway then forwards the seeds' reads there (transport/read-paths.ts). Empty: it does not. */
  @ValidateIf((config: GatewayConfig) => config.GATEWAY_READS_URL !== '')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'GATEWAY_READS_URL must be empty or an http(s) URL' })
  GATEWAY_READS_URL = '';
}
