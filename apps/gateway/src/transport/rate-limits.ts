import { basicAuthUser, EVENT_LIMITS, SOURCES, WRITE_KEY_HEADER } from '@tributary/contracts';
import { RateLimit } from '@tributary/platform';
import { FastifyRequest } from 'fastify';
import { IncomingHttpHeaders } from 'node:http';
import { routesByPath } from '../sources/route-table';
import { GatewayConfig } from '../gateway.config';

/** Where a producer whose protocol sends its key in the body (PostHog's api_key) may name it, to be limited by it. */
export { WRITE_KEY_HEADER };

const INGESTION_PATHS = new Set(routesByPath(SOURCES).keys());

/** The gateway's two limits, on its ingestion routes only: per client address, and per write key. */
export function gatewayRateLimits(config: GatewayConfig): RateLimit[] {
  const windowMs = config.GATEWAY_RATE_LIMIT_WINDOW_MS;
  return [
    { reason: 'per_ip', max: config.GATEWAY_RATE_LIMIT_PER_IP, windowMs },
    { reason: 'per_write_key', max: config.GATEWAY_RATE_LIMIT_PER_KEY, windowMs, keyOf: (request) => writeKeyOf(request.headers) },
  ];
}

/** A POST to a source's path: the requests the limits count. */
export function isIngestionRequest(request: FastifyRequest): boolean {
  return request.method === 'POST' && INGESTION_PATHS.has(request.routeOptions.url ?? '');
}

/**
 * The write key a request names before its body is read: Basic auth's user name (Segment's and
 * RudderStack's SDKs), else X-Write-Key. A key only in the body (PostHog's api_key, Segment's
 * writeKey field) is not read: parsing the body first is the cost a limit is there to spare.
 * Cut to the longest key a source takes, so that long keys cannot swell the counters.
 */
export function writeKeyOf(headers: IncomingHttpHeaders): string | undefined {
  const named = headers[WRITE_KEY_HEADER];
  const key = basicAuthUser(headers.authorization) ?? (Array.isArray(named) ? named[0] : named);
  return key?.slice(0, EVENT_LIMITS.keyLength) || undefined;
}
