import { ConsoleLogger, Controller, Get, Headers, Logger, Module, Post } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Registry } from 'prom-client';
import { createHttpApp } from '../http/create-http-app';
import { createJsonLogs } from './json-logs';
import { JsonLogger } from './json-logger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

@Controller()
class ProbeController {
  @Post('echo')
  echo(@Headers('x-request-id') requestId: string): { seen: string } {
    return { seen: requestId };
  }

  @Get('boom')
  boom(): never {
    throw new TypeError('boom');
  }
}

@Module({ controllers: [ProbeController], providers: [{ provide: Registry, useValue: new Registry() }] })
class ProbeModule {}

describe('the request id of an HTTP app', () => {
  let app: NestFastifyApplication;
  const lines: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(new JsonLogger(createJsonLogs({ level: 'log', destination: { write: (line: string) => void lines.push(line) } })));
    app = await createHttpApp(ProbeModule);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it("answers the client's safe X-Request-Id, and hands it to the handler", async () => {
    const answer = await app.inject({ method: 'POST', url: '/echo', headers: { 'x-request-id': 'client-42:a.b_c' } });
    expect(answer.headers['x-request-id']).toBe('client-42:a.b_c');
    expect(answer.json()).toEqual({ seen: 'client-42:a.b_c' });
  });

  it.each([
    ['none', undefined],
    ['300 characters', 'a'.repeat(300)],
    ['a newline', 'abc\ndef'],
    ['a space and a quote', 'a "b"'],
  ])('replaces %s by a new UUID, which the handler sees too', async (_case, given) => {
    const answer = await app.inject({ method: 'POST', url: '/echo', headers: given === undefined ? {} : { 'x-request-id': given } });
    const id = answer.headers['x-request-id'] as string;
    expect(id).toMatch(UUID);
    expect(answer.json()).toEqual({ seen: id });
  });

  it('answers it on errors too: a 404, and a 500 whose logged error line carries it', async () => {
    const notFound = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'lost-1' } });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['x-request-id']).toBe('lost-1');

    lines.length = 0;
    const failed = await app.inject({ method: 'GET', url: '/boom', headers: { 'x-request-id': 'boom-1' } });
    expect(failed.statusCode).toBe(500);
    expect(failed.headers['x-request-id']).toBe('boom-1');
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(expect.objectContaining({ level: 'error', context: 'ApiExceptionFilter', request_id: 'boom-1', msg: expect.stringContaining(String(failed.json().error_id)) }));
  });

  it('gives each request without one its own id', async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await app.inject({ method: 'POST', url: '/echo' })).headers['x-request-id']));
    expect(new Set(ids).size).toBe(3);
  });
});
