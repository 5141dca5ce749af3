import Fastify, { FastifyInstance } from 'fastify';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { readBodiesAsBytes } from './raw-body-parser';
import { forwardReads } from './read-forwarding';

type Upstream = (request: IncomingMessage, response: ServerResponse) => void;

/** A stand-in for the query app: records what it was asked and answers as told. */
async function upstreamServer(answer: Upstream): Promise<{ server: Server; url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    asked.push(`${request.method} ${request.url}`);
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked };
}

async function gatewayForwardingTo(url: string, answerTimeoutMs?: number): Promise<FastifyInstance> {
  const fastify = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  readBodiesAsBytes(fastify);
  await forwardReads(fastify, url, answerTimeoutMs);
  return fastify;
}

describe('forwardReads', () => {
  const closing: Array<() => unknown> = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
  });

  async function start(answer: Upstream, answerTimeoutMs?: number) {
    const upstream = await upstreamServer(answer);
    const gateway = await gatewayForwardingTo(upstream.url, answerTimeoutMs);
    closing.push(() => gateway.close(), () => upstream.server.closeAllConnections(), () => new Promise((resolve) => upstream.server.close(resolve)));
    return { gateway, asked: upstream.asked };
  }

  it('passes the path and query string as sent, and the answer as it came, a 400 included', async () => {
    const { gateway, asked } = await start((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'x-answered-by': 'query' }).end('{"error":{"sort":"invalid sort value"}}');
    });
    const answer = await gateway.inject({ method: 'GET', url: '/api/read/?sort=b+c&sort=%7A&from=2024-01-01T00:00:00Z' });
    expect(asked).toEqual(['GET /api/read/?sort=b+c&sort=%7A&from=2024-01-01T00:00:00Z']);
    expect([answer.statusCode, answer.headers['content-type'], answer.headers['x-answered-by'], answer.body]).toEqual([
      400,
      'application/json; charset=utf-8',
      'query',
      '{"error":{"sort":"invalid sort value"}}',
    ]);
  });

  it('forwards HEAD as HEAD, and nothing but the read paths and their two methods', async () => {
    const { gateway, asked } = await start((_request, response) => response.writeHead(200).end());
    expect((await gateway.inject({ method: 'HEAD', url: '/stats' })).statusCode).toBe(200);
    expect((await gateway.inject({ method: 'GET', url: '/stats/other' })).statusCode).toBe(404);
    expect((await gateway.inject({ method: 'POST', url: '/metrics' })).statusCode).toBe(404);
    expect(asked).toEqual(['HEAD /stats']);
  });

  it("passes the query app's 503 on once, without asking again", async () => {
    const { gateway, asked } = await start((_request, response) => response.writeHead(503, { 'retry-after': '5' }).end('{"statusCode":503}'));
    const answer = await gateway.inject({ method: 'GET', url: '/events/metrics?event_name=x' });
    expect([answer.statusCode, answer.headers['retry-after'], answer.body]).toEqual([503, '5', '{"statusCode":503}']);
    expect(asked).toHaveLength(1);
  });

  it('answers 503 in the error shape, at once, when the query app cannot be reached', async () => {
    const { server, url } = await upstreamServer(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    const gateway = await gatewayForwardingTo(url);
    closing.push(() => gateway.close());
    const answer = await gateway.inject({ method: 'GET', url: '/metrics?event_name=x' });
    expect([answer.statusCode, answer.headers['retry-after']]).toEqual([503, '5']);
    expect(answer.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'The query app, which answers GET /metrics, cannot be reached now (ECONNREFUSED); retry later',
    });
  });

  it('answers 504 in the error shape when the query app does not answer in time', async () => {
    const { gateway } = await start(() => undefined, 200);
    const answer = await gateway.inject({ method: 'GET', url: '/stats?site_id=s&date=2025-11-12' });
    expect(answer.statusCode).toBe(504);
    expect(answer.json()).toEqual({ statusCode: 504, error: 'Gateway Timeout', message: 'The query app, which answers GET /stats, did not answer within 200 ms' });
  });
});
