import Fastify, { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { recordHttpRequestMetrics } from './http-request-metrics';

describe('the HTTP request metrics of an API port', () => {
  let server: FastifyInstance;
  let registry: Registry;

  beforeEach(async () => {
    server = Fastify();
    registry = new Registry();
    recordHttpRequestMetrics(server, registry);
    server.get('/sites/:site/stats', async () => ({ ok: true }));
    server.post('/events', async (_request, reply) => reply.status(202).send({ id: 'x' }));
    await server.ready();
  });

  afterEach(() => server.close());

  const requestsCounted = async (): Promise<Array<{ labels: object; value: number }>> =>
    (await registry.getSingleMetric('tributary_http_server_requests_total')!.get()).values.map(({ labels, value }) => ({ labels, value }));

  it("labels a request by its route's pattern, its method and the status answered", async () => {
    await server.inject({ method: 'GET', url: '/sites/a/stats?x=1' });
    await server.inject({ method: 'GET', url: '/sites/b/stats' });
    await server.inject({ method: 'POST', url: '/events', payload: { name: 'x' } });
    expect(await requestsCounted()).toEqual([
      { labels: { method: 'GET', route: '/sites/:site/stats', status: '200' }, value: 2 },
      { labels: { method: 'POST', route: '/events', status: '202' }, value: 1 },
    ]);
  });

  it('puts every request no route matched under one route, whatever its URL', async () => {
    await server.inject({ method: 'GET', url: '/wp-admin/1' });
    await server.inject({ method: 'GET', url: '/wp-admin/2' });
    await server.inject({ method: 'DELETE', url: '/events' });
    expect(await requestsCounted()).toEqual([
      { labels: { method: 'GET', route: 'unmatched', status: '404' }, value: 2 },
      { labels: { method: 'DELETE', route: 'unmatched', status: '404' }, value: 1 },
    ]);
  });

  it('counts a body refused before the handler under its route', async () => {
    await server.inject({ method: 'POST', url: '/events', headers: { 'content-type': 'application/json' }, payload: '{not json' });
    expect(await requestsCounted()).toEqual([{ labels: { method: 'POST', route: '/events', status: '400' }, value: 1 }]);
  });

  it('times each request in seconds', async () => {
    await server.inject({ method: 'POST', url: '/events', payload: { name: 'x' } });
    const text = await registry.getSingleMetricAsString('tributary_http_server_request_duration_seconds');
    expect(text).toContain('tributary_http_server_request_duration_seconds_count{method="POST",route="/events",status="202"} 1');
    const sum = Number(/_sum\{[^}]*\} (\S+)/.exec(text)![1]);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(5);
  });
});
