import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { InvalidInputError, UnauthorizedError, UnavailableError } from '../errors/input-errors';
import { allowedMethods } from './allowed-methods';
import { ApiErrorBody, apiErrorBody } from './api-error';

/**
 * Every error leaves as an ApiErrorBody: the use cases' errors mapped to their status, Nest's and
 * Fastify's own as they are; an unexpected one is logged under an id the client gets.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, headers } = this.methodNotAllowed(exception, host.switchToHttp().getRequest<FastifyRequest>()) ?? this.toAnswer(exception);
    reply.status(status).headers(headers).send(body);
  }

  /** A known path asked with a method it has no route for: 405 naming the ones it has, not 404. */
  private methodNotAllowed(exception: unknown, request: FastifyRequest): Answer | undefined {
    // Fastify's not-found route may fail before Nest's 404 (a QUERY without a Content-Type): is404 says which route it was.
    if (!(exception instanceof NotFoundException || request?.is404) || !request?.server) return undefined;
    const allowed = allowedMethods(request.server, request.url);
    if (allowed.length === 0) return undefined;
    const message = `${request.method} is not allowed on ${request.url.split('?')[0]}; allowed: ${allowed.join(', ')}`;
    return { status: 405, body: apiErrorBody(405, message), headers: { allow: allowed.join(', ') } };
  }

  private toAnswer(exception: unknown): Answer {
    if (exception instanceof InvalidInputError) {
      return { status: 400, body: apiErrorBody(400, exception.message, exception.fieldErrors), headers: {} };
    }
    if (exception instanceof UnauthorizedError) {
      return { status: 401, body: apiErrorBody(401, exception.message, exception.fieldErrors), headers: exception.challenge ? { 'www-authenticate': exception.challenge } : {} };
    }
    if (exception instanceof UnavailableError) {
      return { status: 503, body: apiErrorBody(503, exception.message), headers: { 'retry-after': String(exception.retryAfterSeconds) } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response !== 'object' || !('statusCode' in response)) return { status, body: bodyError(status, exception.message), headers: {} };
      const body = response as ApiErrorBody;
      return { status, body: body.errors || !BODY_STATUSES.has(status) ? body : { ...body, errors: bodyError(status, exception.message).errors }, headers: {} };
    }
    const parserStatus = (exception as { statusCode?: number }).statusCode;
    if (parserStatus && parserStatus >= 400 && parserStatus < 500) {
      return { status: parserStatus, body: bodyError(parserStatus, (exception as Error).message), headers: {} };
    }
    const errorId = randomUUID();
    this.logger.error(`error ${errorId}: ${(exception as Error)?.stack ?? String(exception)}`);
    return { status: 500, body: { ...apiErrorBody(500, 'Internal error'), error_id: errorId }, headers: {} };
  }
}

interface Answer {
  status: number;
  body: ApiErrorBody;
  headers: Record<string, string>;
}

/** Statuses with which Fastify refuses a body it could not read (malformed, too large, of another type). */
const BODY_STATUSES = new Set([400, 413, 415]);

function bodyError(status: number, message: string): ApiErrorBody {
  return apiErrorBody(status, message, BODY_STATUSES.has(status) ? [{ field: 'body', reason: message }] : undefined);
}
