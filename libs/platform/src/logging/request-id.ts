import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { acceptRequestId, REQUEST_ID_HEADER } from '@tributary/contracts';
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { withLogFields } from './log-fields';

/**
 * Fastify's own request-id support, with our rule: the client's X-Request-Id when it is a safe
 * token, else a new UUID (acceptRequestId) is the request's `request.id`. The header itself is
 * set to that id, so that a handler reads the id from the request's headers (the gateway puts
 * it on every Kafka message of the request) and a proxied read passes it on to the query app.
 * It replaces Fastify's own counter: no work added per request but the check of the header.
 */
export const REQUEST_ID_OPTIONS: Pick<FastifyServerOptions, 'genReqId' | 'requestIdHeader'> = {
  requestIdHeader: false,
  genReqId: (request: IncomingMessage) => {
    const id = acceptRequestId(request.headers[REQUEST_ID_HEADER]);
    request.headers[REQUEST_ID_HEADER] = id;
    return id;
  },
};

/**
 * Answers the request id in X-Request-Id, errors and 404s included: one synchronous hook,
 * registered before any other, so that answers given by a later hook (a rate limit's 429)
 * carry it too.
 */
export function answerRequestIds(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}

/**
 * Runs an exception filter with the request's id on every line it logs (`request_id`), as the
 * platform's filter logs an unexpected error. Filters run synchronously: withLogFields serves.
 */
@Catch()
export class WithRequestIdLogged implements ExceptionFilter {
  constructor(private readonly filter: ExceptionFilter) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const id = host.getType() === 'http' ? host.switchToHttp().getRequest<FastifyRequest | undefined>()?.id : undefined;
    if (typeof id !== 'string') return this.filter.catch(exception, host);
    return withLogFields({ request_id: id }, () => this.filter.catch(exception, host));
  }
}
