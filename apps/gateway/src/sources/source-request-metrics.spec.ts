import { HttpAdapterHost } from '@nestjs/core';
import { SOURCES, TRIBUTARY_SOURCE } from '@tributary/contracts';
import Fastify, { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { SourceRequestMetrics } from './source-request-metrics';

/** A server with a shared source path (/events: seed 000's and the tracking API's), a single one (/event) and another route. */
async function serverWithMetrics(): Promise<{ server: FastifyInstance; registry: Registry }> {
  const server = Fastify({ bodyLimit: 64 });
  // As the gateway reads them (transport/raw-body-parser.ts): every body as bytes.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const registry = new Registry();
  const metrics = new SourceRequestMetrics(SOURCES, registry, { httpAdapter: { getInstance: () => server } } as unknown as HttpAdapterHost);
  metrics.onModuleInit();
  server.post('/events', async (request, reply) => {
    if (request.headers['x-read-as'] === 'tributary') metrics.readAsSource(request, TRIBUTARY_SOURCE);
    return reply.status(Number(request.headers['x-answer'])).send({});
  });
  server.post('/event', async (request, reply) => reply.status(Number(request.headers['x-answer'])).send({}));
  server.get('/health', async () => ({ status: 'ok' }));
  await server.ready();
  return { server, registry };
}

describe("the gateway's metrics of requests to its sources", () => {
  let server: FastifyInstance;
  let registry: Registry;

  beforeEach(async () => ({ server, registry } = await serverWithMetrics()));
  afterEach(() => server.close());

  const post = (url: string, answer: number, headers: Record<string, string> = {}, payload = '{}') =>
    server.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', 'x-answer': String(answer), ...headers } });
  const refusals = async () => (await registry.getSingleMetric('tributary_gateway_requests_refused_total')!.get()).values.map(({ labels, value }) => ({ labels, value }));

  it('counts a refusal by the source the body was read as, and the reason its status says', async () => {
    await post('/events', 400, { 'x-read-as': 'tributary' });
    await post('/events', 503, { 'x-read-as': 'tributary' });
    await post('/events', 202, { 'x-read-as': 'tributary' });
    expect(await refusals()).toEqual([
      { labels: { source: 'tributary', reason: 'invalid' }, value: 1 },
      { labels: { source: 'tributary', reason: 'unavailable' }, value: 1 },
    ]);
  });

  it("names a path's only source even when the handler never ran, and no source on a shared path", async () => {
    await post('/event', 413, {}, 'x'.repeat(100));
    await post('/events', 415);
    expect(await refusals()).toEqual([
      { labels: { source: 'site-analytics', reason: 'too_large' }, value: 1 },
      { labels: { source: 'unknown', reason: 'unsupported_type' }, value: 1 },
    ]);
  });

  it('leaves routes of no source alone', async () => {
    await server.inject({ method: 'GET', url: '/health' });
    await server.inject({ method: 'GET', url: '/nowhere' });
    expect(await refusals()).toEqual([]);
  });

  it('measures each body read, in bytes', async () => {
    await post('/event', 202, {}, '{"a":1}');
    const text = await registry.getSingleMetricAsString('tributary_gateway_request_body_size_bytes');
    expect(text).toContain('tributary_gateway_request_body_size_bytes_sum{source="site-analytics"} 7');
    expect(text).toContain('tributary_gateway_request_body_size_bytes_count{source="site-analytics"} 1');
  });
});
