import helmet from '@fastify/helmet';
import { DynamicModule, LogLevel, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { InvalidInputError } from '../errors/input-errors';
import { ApiExceptionFilter } from './api-exception.filter';
import { recordHttpRequestMetrics } from './http-request-metrics';
import { SECURITY_HEADERS } from './security-headers';
import { toFieldErrors } from './validation-errors';

export interface HttpAppOptions {
  logLevels?: LogLevel[];
  bodyLimitBytes?: number;
  /** Leave the request body parsers to the app, which registers its own (Nest's would clash). */
  ownBodyParsers?: boolean;
  /** Take the client address from X-Forwarded-For: only behind a proxy that sets it. */
  trustProxy?: boolean;
  /** Serve the OpenAPI document and Swagger UI at /swagger. */
  swagger?: { title: string; description: string };
}

/**
 * A Nest app on Fastify with the platform's conventions: one validation pipe and one error
 * shape for every route (Nest routes Fastify's own body errors to the same filter), every request
 * counted and timed in the app's registry (http-request-metrics.ts), helmet's security headers on
 * every answer (security-headers.ts), Swagger UI.
 * Signals are runApp's business.
 */
export async function createHttpApp(module: Type | DynamicModule, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  // `/batch/` is `/batch`: PostHog's SDKs post with the slash, and Nest registers paths without it.
  const adapter = new FastifyAdapter({ bodyLimit: options.bodyLimitBytes, trustProxy: options.trustProxy ?? false, routerOptions: { ignoreTrailingSlash: true } });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { abortOnError: false, logger: options.logLevels, bodyParser: !options.ownBodyParsers });
  recordHttpRequestMetrics(app.getHttpAdapter().getInstance(), app.get(Registry));
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      stopAtFirstError: true,
      exceptionFactory: (errors) => new InvalidInputError(toFieldErrors(errors)),
    }),
  );
  await app.register(helmet, SECURITY_HEADERS);
  if (options.swagger) setUpSwagger(app, options.swagger);
  return app;
}

/** Swagger UI at /swagger and /swagger/index.html, where seeds 000 and 001 put it; / leads there too. */
function setUpSwagger(app: NestFastifyApplication, { title, description }: { title: string; description: string }): void {
  const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').build());
  SwaggerModule.setup('swagger', app, document);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', (_request, reply) => reply.redirect('/swagger'));
}
