import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ApiErrorBody, apiErrorBody, RetryLaterException } from './api-error';

/** Every error leaves as an ApiErrorBody; an unexpected one is logged under an id the client gets. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, headers } = this.toAnswer(exception);
    reply.status(status).headers(headers).send(body);
  }

  toAnswer(exception: unknown): { status: number; body: ApiErrorBody; headers: Record<string, string> } {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body = typeof response === 'object' && 'statusCode' in response
        ? (response as ApiErrorBody)
        : apiErrorBody(status, typeof response === 'string' ? response : exception.message);
      const headers: Record<string, string> = exception instanceof RetryLaterException ? { 'retry-after': String(exception.retryAfterSeconds) } : {};
      return { status, body, headers };
    }
    const fastifyStatus = (exception as { statusCode?: number }).statusCode;
    if (fastifyStatus && fastifyStatus >= 400 && fastifyStatus < 500) {
      return { status: fastifyStatus, body: apiErrorBody(fastifyStatus, (exception as Error).message, [{ field: 'body', reason: (exception as Error).message }]), headers: {} };
    }
    const errorId = randomUUID();
    this.logger.error(`error ${errorId}: ${(exception as Error)?.stack ?? String(exception)}`);
    return { status: 500, body: { ...apiErrorBody(500, 'Internal error'), error_id: errorId }, headers: {} };
  }
}
