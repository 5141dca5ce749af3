import { DynamicModule, LogLevel, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { InvalidInputError } from '../errors/input-errors';
import { answerRequestIds, REQUEST_ID_OPTIONS, WithRequestIdLogged } from '../logging/request-id';
import { ApiExceptionFilter } from './api-exception.filter';
import { recordHttpRequestMetrics } from './http-request-metrics';
import { openApiDocumentOf, SwaggerOptions } from './openapi-document';
import { sendSecurityHeaders } from './security-headers';
import { toFieldErrors } from './validation-errors';

export interface HttpAppOptions {
  logLevels?: LogLevel[];
  bodyLimitBytes?: number;
  /** Leave the request body parsers to the app, which registers its own (Nest's would clash). */
  ownBodyParsers?: boolean;
  /** Take the client address from X-Forwarded-For: only behind a proxy that sets it. */
  trustProxy?: boolean;
  /** Serve the OpenAPI document and Swagger UI at /swagger. */
  swagger?: SwaggerOptions;
}

/**
 * A Nest app on Fastify with the platform's conventions: one validation pipe and one error
 * shape for every route (Nest routes Fastify's own body errors to the same filter), every request
 * counted and timed in the app's registry (http-request-metrics.ts), helmet's security headers on
 * every answer (security-headers.ts), a request id answered in X-Request-Id and on the error
 * lines logged about the request (logging/request-id.ts), Swagger UI.
 * Signals are runApp's business.
 */
export async function createHttpApp(module: Type | DynamicModule, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  // `/batch/` is `/batch`: PostHog's SDKs post with the slash, and Nest registers paths without it.
  const adapter = new FastifyAdapter({ ...REQUEST_ID_OPTIONS, bodyLimit: options.bodyLimitBytes, trustProxy: options.trustProxy ?? false, routerOptions: { ignoreTrailingSlash: true } });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { abortOnError: false, logger: options.logLevels, bodyParser: !options.ownBodyParsers });
  answerRequestIds(app.getHttpAdapter().getInstance());
  recordHttpRequestMetrics(app.getHttpAdapter().getInstance(), app.get(Registry));
  app.useGlobalFilters(new WithRequestIdLogged(new ApiExceptionFilter()));
  app.useGlobalPipes(apiValidationPipe());
  sendSecurityHeaders(app.getHttpAdapter().getInstance());
  if (options.swagger) setUpSwagger(app, options.swagger);
  return app;
}

/** The one validation pipe of every route: DTOs transformed, unknown fields refused, each refusal an InvalidInputError naming its fields. */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new InvalidInputError(toFieldErrors(errors)),
  });
}

/** Swagger UI at /swagger and /swagger/index.html, where seeds 000 and 001 put it; / leads there too. */
function setUpSwagger(app: NestFastifyApplication, options: SwaggerOptions): void {
  SwaggerModule.setup('swagger', app, openApiDocumentOf(app, options));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', (_request, reply) => reply.redirect('/swagger'));
}
