import fastifyRateLimit from '@fastify/rate-limit';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Registry } from 'prom-client';
import { apiErrorBody } from './api-error';
import { RateLimitMetrics } from './rate-limit.metrics';

/** Whom a limit counts, as its refusals are labelled and told. */
const CLIENTS = { per_ip: 'from this address', per_write_key: 'with this write key' } as const;
export type RateLimitReason = keyof typeof CLIENTS;

/** At most `max` requests (0: no limit) per `windowMs` from one client. */
export interface RateLimit {
  reason: RateLimitReason;
  max: number;
  windowMs: number;
  /**
   * The client a request counts for, read before its body; undefined: the request is not
   * counted. Without it, the client's address (an IPv6 one by its /64), as GATEWAY_TRUST_PROXY says.
   */
  keyOf?(request: FastifyRequest): string | undefined;
}

/** Paths no limit counts: the load balancers' probes and the API's documentation. */
export function isProbeOrDocs(path: string): boolean {
  return path === '/' || path === '/health' || path === '/ready' || /^\/swagger([-/]|$)/.test(path);
}

/**
 * Refuses the requests over each limit 429, in the platform's error shape and with Retry-After,
 * before their body is read. @fastify/rate-limit counts, a counter per limit in this process's
 * memory: N replicas behind a balancer let a client N times the limit. `isLimited` picks the
 * requests counted, by default every routed one but probes and documentation. Refusals count in
 * tributary_requests_rate_limited_total. The adapter's CORS hook runs first, so that a browser
 * can read the 429.
 */
export async function limitRequestRates(app: NestFastifyApplication, limits: RateLimit[], isLimited: (request: FastifyRequest) => boolean = isRoutedApiRequest): Promise<void> {
  const inForce = limits.filter((limit) => limit.max > 0);
  const metrics = new RateLimitMetrics(app.get(Registry), inForce.map((limit) => limit.reason));
  if (inForce.length === 0) return;
  await app.register(fastifyRateLimit, { global: false });
  const fastify = app.getHttpAdapter().getInstance();
  const counters = inForce.map((limit) => ({ limit, count: fastify.createRateLimit({ max: limit.max, timeWindow: limit.windowMs, ...keyOptions(limit) }) }));
  fastify.addHook('onRequest', async (request, reply) => {
    if (!isLimited(request)) return;
    for (const { limit, count } of counters) {
      const counted = await count(request);
      if (counted.isAllowed || !counted.isExceeded) continue;
      metrics.refusals.inc({ reason: limit.reason });
      return refuse(reply, limit, counted.ttlInSeconds);
    }
  });
}

function isRoutedApiRequest(request: FastifyRequest): boolean {
  const path = request.routeOptions.url;
  return path !== undefined && !isProbeOrDocs(path);
}

/** A limit of its own keys counts only the requests that have one: the others are on the allow list as ''. */
function keyOptions({ keyOf }: RateLimit): { keyGenerator?: (request: FastifyRequest) => string; allowList?: (request: FastifyRequest, key: string) => boolean } {
  if (!keyOf) return {};
  return { keyGenerator: (request) => keyOf(request) ?? '', allowList: (_request, key) => key === '' };
}

function refuse(reply: FastifyReply, { reason, max, windowMs }: RateLimit, retryAfterSeconds: number): FastifyReply {
  const message = `Too many requests ${CLIENTS[reason]}: over ${max} per ${windowMs / 1000} s; retry after ${retryAfterSeconds} s`;
  return reply.code(429).header('retry-after', String(retryAfterSeconds)).send(apiErrorBody(429, message));
}
