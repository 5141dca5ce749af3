import { ClickHouseClient } from '@clickhouse/client';
import { DynamicModule } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import type { MediaTypeObject, OperationObject, ParameterObject, ReferenceObject, RequestBodyObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Test } from '@nestjs/testing';
import type { InjectOptions } from 'fastify';
import { SOURCES } from '@tributary/contracts';
import { ApiExceptionFilter, apiValidationPipe, ClickHouseConfig, KafkaConfig, loadConfig, openApiDocumentOf } from '@tributary/platform';
import { GatewayConfig } from '../apps/gateway/src/gateway.config';
import { GatewayModule } from '../apps/gateway/src/gateway.module';
import { routesByPath } from '../apps/gateway/src/sources/route-table';
import { QueryModule } from '../apps/query/src/query.module';

/**
 * Issue 11: the Swagger UI of each app documents every parameter with an example. Each app's
 * document is built as createHttpApp builds it (openApiDocumentOf over the app's module, with its
 * default settings), without Kafka or ClickHouse: the Kafka producer connects on its first
 * publish, and ClickHouse's client, which would wait for the server at boot, is replaced by one
 * that refuses every call. The writer serves no OpenAPI document (its HTTP port answers /health
 * and /ready, left out of documents; /metrics is on its management port), and migrate is a
 * command, with no HTTP server.
 */

/** The parameters (`<in> <name>`) an operation reads beyond its DTO's, which its document must name too. */
type ReadParameters = (path: string) => string[];

/** posthog-js's `compression`, read by the routes that take its forms (transport/data-form.ts). */
const FORM_PATHS = new Set([...routesByPath(SOURCES)].filter(([, routes]) => routes[0].route.reading === 'json-or-form').map(([path]) => path));

const APPS: Record<string, { module: () => DynamicModule; reads: ReadParameters }> = {
  gateway: {
    module: () => GatewayModule.forRoot({ kafka: loadConfig(KafkaConfig, {}), gateway: loadConfig(GatewayConfig, {}) }),
    reads: (path) => ['header X-Request-Id', ...(FORM_PATHS.has(path) ? ['query compression'] : [])],
  },
  query: {
    module: () => QueryModule.forRoot(loadConfig(ClickHouseConfig, {})),
    reads: () => ['header X-Request-Id'],
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface Operation {
  method: string;
  path: string;
  operation: OperationObject;
  parameters: ParameterObject[];
}

/** A ClickHouse client that counts each call and refuses it: no server is reached, whatever runs on this machine. */
class RefusingClickHouse {
  calls = 0;
  readonly client = {
    close: () => Promise.resolve(),
    ...Object.fromEntries(['query', 'command', 'insert', 'exec', 'ping'].map((name) => [name, () => this.refuse()])),
  } as unknown as ClickHouseClient;

  private refuse(): Promise<never> {
    this.calls += 1;
    return Promise.reject(new Error('no ClickHouse in this spec'));
  }
}

/** The app with the platform's validation and error shape (createHttpApp's), ready for requests. */
async function appOf(module: DynamicModule, clickhouse: RefusingClickHouse): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).overrideProvider(ClickHouseClient).useValue(clickhouse.client).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(apiValidationPipe());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) => resolved<ParameterObject>(document, parameter));
      return [{ method: method.toUpperCase(), path, operation, parameters }];
    }),
  );
}

/** What the document lacks: one line per parameter or body without an example or a description, or a parameter read and not documented. */
function undocumented(document: OpenAPIObject, reads: ReadParameters): string[] {
  return operationsOf(document).flatMap(({ method, path, operation, parameters }) => {
    const where = `${method} ${path}`;
    const problems: string[] = [];
    for (const parameter of parameters) {
      const missing = [exampleOf(document, parameter) === undefined && 'example', !parameter.description?.trim() && 'description'].filter(Boolean);
      if (missing.length) problems.push(`${where}: ${parameter.in} parameter ${parameter.name} has no ${missing.join(' and no ')}`);
    }
    const documented = new Set(parameters.map((parameter) => keyOf(parameter.in, parameter.name)));
    for (const read of reads(path)) {
      const [place, name] = read.split(' ');
      if (!documented.has(keyOf(place, name))) problems.push(`${where}: ${place} parameter ${name} is read but not documented`);
    }
    return [...problems, ...bodyProblems(document, where, operation)];
  });
}

/** Header names are case-insensitive. */
function keyOf(place: string, name: string): string {
  return `${place} ${place === 'header' ? name.toLowerCase() : name}`;
}

/** The value Swagger UI fills a parameter in with: its first example, its example, or its schema's example. */
function exampleOf(document: OpenAPIObject, parameter: ParameterObject): unknown {
  const named = Object.values(parameter.examples ?? {})[0];
  if (named !== undefined) return resolved(document, named).value;
  if (parameter.example !== undefined) return parameter.example;
  return parameter.schema === undefined ? undefined : resolved<SchemaObject>(document, parameter.schema).example;
}

/** A body's example: its own (the first of its examples), its schema's, or its schema's properties' examples together. */
function bodyExampleOf(document: OpenAPIObject, media: MediaTypeObject): unknown {
  const named = Object.values(media.examples ?? {})[0];
  if (named !== undefined) return resolved(document, named).value;
  if (media.example !== undefined) return media.example;
  const schema = media.schema && resolved<SchemaObject>(document, media.schema);
  if (schema?.example !== undefined) return schema.example;
  const properties = Object.entries(schema?.properties ?? {}).map(([name, property]) => [name, resolved<SchemaObject>(document, property).example] as const);
  return properties.length && properties.every(([, example]) => example !== undefined) ? Object.fromEntries(properties) : undefined;
}

function bodyProblems(document: OpenAPIObject, where: string, operation: OperationObject): string[] {
  if (!operation.requestBody) return [];
  const content = resolved<RequestBodyObject>(document, operation.requestBody).content;
  return Object.entries(content)
    .filter(([, media]) => bodyExampleOf(document, media) === undefined)
    .map(([type]) => `${where}: ${type} body has no example, nor an example on each of its properties`);
}

/** A `$ref` within the document (#/components/<kind>/<name>) as what it names. */
function resolved<T>(document: OpenAPIObject, value: T | ReferenceObject): T {
  if (!value || typeof value !== 'object' || !('$ref' in value)) return value as T;
  const [, , kind, name] = value.$ref.split('/');
  const target = (document.components as Record<string, Record<string, unknown> | undefined> | undefined)?.[kind]?.[name];
  if (target === undefined) throw new Error(`${value.$ref} names nothing in the document`);
  return target as T;
}

/** The request Swagger UI's "Try it out" sends as the document fills it in: every parameter at its example, the body at its first. */
function exampleRequest(document: OpenAPIObject, { method, path, operation, parameters }: Operation): InjectOptions & { method: string; url: string } {
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of parameters) {
    const example = exampleOf(document, parameter);
    const values = (Array.isArray(example) ? example : [example]).map(String);
    if (parameter.in === 'query') for (const value of values) query.append(parameter.name, value);
    if (parameter.in === 'header') headers[parameter.name] = values[0];
  }
  const content = operation.requestBody && Object.entries(resolved<RequestBodyObject>(document, operation.requestBody).content)[0];
  const body = content && { headers: { 'content-type': content[0] }, payload: JSON.stringify(bodyExampleOf(document, content[1])) };
  return { method: method as InjectOptions['method'] & string, url: query.size ? `${path}?${query}` : path, ...body, headers: { ...headers, ...body?.headers } };
}

/** The app and its document, for the specs of a describe block. */
function documentedApp(name: string): { clickhouse: RefusingClickHouse; app: NestFastifyApplication; document: OpenAPIObject } {
  const built = { clickhouse: new RefusingClickHouse() } as ReturnType<typeof documentedApp>;
  beforeAll(async () => {
    built.app = await appOf(APPS[name].module(), built.clickhouse);
    built.document = openApiDocumentOf(built.app, { title: name, description: name });
  });
  afterAll(() => built.app?.close());
  return built;
}

describe.each(Object.keys(APPS))("the %s's OpenAPI document", (name) => {
  const built = documentedApp(name);

  it('documents operations (else the walk below proves nothing)', () => {
    expect(operationsOf(built.document).length).toBeGreaterThan(0);
  });

  it('documents every parameter the app reads, each with an example and a description, and every request body with an example', () => {
    expect(undocumented(built.document, APPS[name].reads)).toEqual([]);
  });
});

/** The gateway's examples are its sources' bodies (libs/contracts), which the sources' specs check against their schemas. */
describe("the query app's examples", () => {
  const built = documentedApp('query');

  it('are valid together: each operation, filled in from its examples, passes validation and asks ClickHouse', async () => {
    const refused: string[] = [];
    for (const operation of operationsOf(built.document)) {
      const request = exampleRequest(built.document, operation);
      const callsBefore = built.clickhouse.calls;
      const answer = await built.app.inject(request);
      if (built.clickhouse.calls === callsBefore) refused.push(`${request.method} ${request.url}: ${answer.statusCode} ${answer.body}`);
    }
    expect(refused).toEqual([]);
  });
});
