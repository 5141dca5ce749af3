import { Controller, HttpStatus, Inject, Post, Req, Res, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Access, Query, Source, SourceRoute } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { projectOfWrite } from '../auth/write-access';
import { EventIngestionService } from '../ingestion/event-ingestion.service';
import { GatewayConfig } from '../gateway.config';
import { ApiCompressionQuery } from '../transport/compression-parameter';
import { isCompressed, readBody } from '../transport/read-body';
import { closestRoute, documentedBody, RouteOfSource, routesByPath } from './route-table';
import { SourceRequestMetrics } from './source-request-metrics';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * One controller for every source's routes, made from the registry: a handler per path reads
 * the body as its route says, hands it to the ingestion core with the source, and answers with
 * the route's status. The write key names the events' project (auth/write-access.ts). A path
 * two sources share (seed 000's and 001's POST /events) goes to the source whose shape the body
 * matches.
 */
export function sourceRoutesController(sources: readonly Source[]): Type {
  @ApiBadRequestResponse({ description: 'Invalid input; `errors` names each refused field and why. Nothing was accepted.' })
  @ApiServiceUnavailableResponse({ description: 'Kafka did not acknowledge; nothing was accepted. Retry after Retry-After seconds.' })
  @ApiPayloadTooLargeResponse({ description: 'The body, or its decompressed size, is over GATEWAY_BODY_LIMIT_BYTES. Nothing was accepted.' })
  @Controller()
  class SourceRoutesController {
    constructor(
      @Inject(EventIngestionService) readonly ingestion: EventIngestionService,
      @Inject(GatewayConfig) readonly config: GatewayConfig,
      @Inject(SourceRequestMetrics) readonly requestMetrics: SourceRequestMetrics,
      @Inject(Access) readonly access: Access,
    ) {}
  }
  [...routesByPath(sources)].forEach(([path, candidates], index) => {
    const handler: Handler = async function (this: SourceRoutesController, request, reply) {
      const query = request.query as Query;
      const raw = {
        bytes: request.body as Buffer | undefined,
        contentType: request.headers['content-type'],
        contentEncoding: header(request, 'content-encoding'),
        compression: firstOf(query.compression),
      };
      const body = readBody(raw, candidates[0].route.reading, this.config.GATEWAY_BODY_LIMIT_BYTES);
      const { source, route } = closestRoute(candidates, body);
      this.requestMetrics.readAsSource(request, source);
      // What the request says of all its events: its write key, its send time.
      const fields = source.receiptOf?.(body, request.headers, query) ?? {};
      // Before any event is read: a request without a write key of the ring is refused whole (401).
      const project = projectOfWrite(this.access, source, fields, request.headers);
      const answer = await withShapeNamed(candidates.length > 1 ? source : undefined, () =>
        this.ingestion.ingest({
          source,
          route,
          body,
          headers: request.headers,
          receipt: { receivedAt: new Date(), clientIp: request.ip, userAgent: header(request, 'user-agent'), project, sentAt: fields.sentAt },
          bodyBytes: isCompressed(raw) ? undefined : raw.bytes?.length,
        }),
      );
      reply.status(route.status);
      return answer;
    };
    defineRoute(SourceRoutesController, `post${index}`, handler, path, candidates);
  });
  return SourceRoutesController;
}

function defineRoute(target: Type, name: string, handler: Handler, path: string, candidates: RouteOfSource[]): void {
  Object.defineProperty(target.prototype, name, { value: handler, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name) as PropertyDescriptor;
  const routes = candidates.map(({ route }) => route);
  const decorators: MethodDecorator[] = [
    Post(path),
    ApiTags(...new Set(candidates.map(({ source }) => source.title))),
    ApiOperation({ summary: routes.map((route) => route.summary).join(' | ') }),
    ApiConsumes(...consumedTypes(routes[0])),
    ApiBody({ schema: documentedBody(candidates) as SchemaObject, examples: examplesOf(routes) }),
    ...(routes[0].reading === 'json-or-form' ? [ApiCompressionQuery()] : []),
    ...(routes[0].reading === 'by-content-type' ? [ApiUnsupportedMediaTypeResponse({ description: 'The body is neither JSON nor NDJSON. Nothing was accepted.' })] : []),
    ...[...new Set(routes.map((route) => route.status))].map((status) =>
      ApiResponse({ status, description: status === HttpStatus.OK ? 'Accepted: in Kafka, to be counted once.' : 'Accepted: in Kafka, to be counted once; the ids are stable across resends.' }),
    ),
  ];
  for (const decorate of decorators) decorate(target.prototype, name, descriptor);
  Req()(target.prototype, name, 0);
  Res({ passthrough: true })(target.prototype, name, 1);
}

/**
 * The types documented for a body, each with the one schema OpenAPI gives the body: an NDJSON
 * route's schema is one line's event; the form posthog-js's beacons send and seed 000's NDJSON
 * batches are told in the summary, as the JSON schema does not describe them.
 */
function consumedTypes(route: SourceRoute): string[] {
  if (route.reading === 'ndjson') return ['application/x-ndjson'];
  if (route.reading === 'by-content-type') return ['application/json'];
  return ['application/json', 'text/plain'];
}

function examplesOf(routes: SourceRoute[]): Record<string, { value: unknown }> {
  return Object.fromEntries(routes.flatMap((route) => Object.entries(route.examples ?? {}).map(([name, value]) => [name, { value }])));
}

/** On a shared path, a refusal says which source's shape the body was read as. */
async function withShapeNamed<T>(source: Source | undefined, ingest: () => Promise<T>): Promise<T> {
  try {
    return await ingest();
  } catch (error) {
    if (!source || !(error instanceof InvalidInputError)) throw error;
    throw new InvalidInputError(error.fieldErrors, `${error.summary} (read as ${source.title}, the shape it is closest to)`);
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  return firstOf(request.headers[name]);
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
