import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';

/** The route of every request no route matched: one value whatever URLs clients try, so label values stay bounded. */
export const UNMATCHED_ROUTE = 'unmatched';

type RequestLabel = 'method' | 'route' | 'status';

/** A request's labels: its route's pattern (`/events`, never the raw URL), its method and the status answered. */
export function requestLabelsOf(request: FastifyRequest, reply: FastifyReply): Record<RequestLabel, string> {
  return { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status: String(reply.statusCode) };
}

/**
 * Counts and times every request the API port answers. A Fastify hook, not a Nest interceptor:
 * it also sees the answers Nest's pipeline never reaches (404s, bodies the parser refused,
 * limits enforced before the handler). The management server has its own Fastify instance, so
 * Prometheus' scrapes are not counted here.
 */
export function recordHttpRequestMetrics(fastify: FastifyInstance, registry: Registry): void {
  const labelNames: RequestLabel[] = ['method', 'route', 'status'];
  const requests = new Counter({
    name: 'tributary_http_server_requests_total',
    help: 'Requests answered on the API port, by method, route pattern (unmatched: no route) and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tributary_http_server_request_duration_seconds',
    help: 'Time from a request received to its answer sent, by method, route pattern and status',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const labels = requestLabelsOf(request, reply);
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
}
