import { OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Source } from '@tributary/contracts';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, exponentialBuckets, Histogram, Registry } from 'prom-client';
import { REFUSAL_REASONS_BY_STATUS, refusalReasonOf } from './refusal-reason';
import { routesByPath } from './route-table';

/** The source of a request on a path two sources share, refused before its body told which. */
export const UNKNOWN_SOURCE = 'unknown';

/**
 * Each request to a source's path: the size of its body and, when it is refused, why, by
 * source. A Fastify hook on the answer, since requests are also refused before the handler
 * runs (a body over the limit, a rate limit) and after it (the ingestion core's refusals).
 */
export class SourceRequestMetrics implements OnModuleInit {
  private readonly sourcesByPath: ReadonlyMap<string, string[]>;
  /** The source each request's body was read as, noted by the handler. */
  private readonly readAs = new WeakMap<FastifyRequest, string>();
  private readonly refused: Counter<'source' | 'reason'>;
  private readonly bodyBytes: Histogram<'source'>;

  constructor(
    sources: readonly Source[],
    registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.sourcesByPath = new Map([...routesByPath(sources)].map(([path, routes]) => [path, [...new Set(routes.map(({ source }) => source.name))]]));
    const reasons = [...REFUSAL_REASONS_BY_STATUS].map(([status, reason]) => `${reason} (${status})`).join(', ');
    this.refused = new Counter({
      name: 'tributary_gateway_requests_refused_total',
      help: `Requests refused whole, nothing accepted, by source (${UNKNOWN_SOURCE}: on a path two sources share, refused before its body told which) and reason: ${reasons}`,
      labelNames: ['source', 'reason'],
      registers: [registry],
    });
    this.bodyBytes = new Histogram({
      name: 'tributary_gateway_request_body_size_bytes',
      help: 'Size of each request body as received (compressed, if it came so), by source',
      labelNames: ['source'],
      buckets: exponentialBuckets(256, 4, 9),
      registers: [registry],
    });
  }

  onModuleInit(): void {
    this.adapterHost.httpAdapter.getInstance<FastifyInstance>().addHook('onResponse', (request, reply, done) => {
      this.record(request, reply);
      done();
    });
  }

  /** The handler read the request's body as this source's (on a shared path, the shape it matched). */
  readAsSource(request: FastifyRequest, source: Source): void {
    this.readAs.set(request, source.name);
  }

  private record(request: FastifyRequest, reply: FastifyReply): void {
    const sources = request.routeOptions.url === undefined ? undefined : this.sourcesByPath.get(request.routeOptions.url);
    if (!sources) return;
    const source = this.readAs.get(request) ?? (sources.length === 1 ? sources[0] : UNKNOWN_SOURCE);
    if (Buffer.isBuffer(request.body)) this.bodyBytes.observe({ source }, request.body.length);
    const reason = refusalReasonOf(reply.statusCode);
    if (reason) this.refused.inc({ source, reason });
  }
}
