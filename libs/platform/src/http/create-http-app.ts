import { DynamicModule, LogLevel, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SecurityRequirementObject, SecuritySchemeObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Registry } from 'prom-client';
import { InvalidInputError } from '../errors/input-errors';
import { answerRequestIds, REQUEST_ID_OPTIONS, WithRequestIdLogged } from '../logging/request-id';
import { ApiExceptionFilter } from './api-exception.filter';
import { recordHttpRequestMetrics } from './http-request-metrics';
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

export interface SwaggerOptions {
  title: string;
  description: string;
  /** The ways to send a key, documented in every mode (they name the headers). */
  securitySchemes?: Record<string, SecuritySchemeObject>;
  /**
   * The keys an operation requires (any one of the list), when they are required: only then, as
   * a document that demands a key the app does not check would be wrong (and a fuzzer says so).
   */
  securityOf?(path: string, method: string): SecurityRequirementObject[] | undefined;
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
  sendSecurityHeaders(app.getHttpAdapter().getInstance());
  if (options.swagger) setUpSwagger(app, options.swagger);
  return app;
}

/** Swagger UI at /swagger and /swagger/index.html, where seeds 000 and 001 put it; / leads there too. */
function setUpSwagger(app: NestFastifyApplication, { title, description, securitySchemes, securityOf }: SwaggerOptions): void {
  const builder = new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1');
  for (const [name, scheme] of Object.entries(securitySchemes ?? {})) builder.addSecurity(name, scheme);
  const document = SwaggerModule.createDocument(app, builder.build());
  if (securityOf) requireSecurity(document, securityOf);
  SwaggerModule.setup('swagger', app, document);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', (_request, reply) => reply.redirect('/swagger'));
}

function requireSecurity(document: OpenAPIObject, securityOf: (path: string, method: string) => SecurityRequirementObject[] | undefined): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete', 'head'] as const) {
      const operation = item[method];
      const security = operation && securityOf(path, method);
      if (!operation || !security) continue;
      operation.security = security;
      operation.responses['401'] ??= { description: 'No valid key of the role this operation needs (missing, unknown, or of another role); `errors` names where the key goes. Nothing was done.' };
    }
  }
}
