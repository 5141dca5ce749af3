import { INestApplication } from '@nestjs/common';
import { startGateway } from '../../apps/gateway/src/bootstrap';
import { freePort } from '../support/free-port';
import { isolatedEnv, postJson, send } from '../support/platform';

describe('Kafka down', () => {
  let gateway: INestApplication;
  let gatewayUrl: string;

  beforeAll(async () => {
    const nobodyListens = await freePort();
    gateway = await startGateway(isolatedEnv({ KAFKA_BROKERS: `127.0.0.1:${nobodyListens}`, GATEWAY_PUBLISH_TIMEOUT_MS: '2000' }));
    gatewayUrl = await gateway.getUrl();
  });

  afterAll(() => gateway?.close());

  it('answers 503 with Retry-After for a single event, never 2xx', async () => {
    const answer = await postJson<{ message: string }>(`${gatewayUrl}/events`, { name: 'page_view', channel_type: 'web' });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.body.message).toMatch(/Kafka is unavailable, nothing was accepted/);
  });

  it('answers 503 for a batch too', async () => {
    const answer = await send(`${gatewayUrl}/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"name":"a","channel_type":"web"}\n{"name":"b","channel_type":"tv"}\n',
    });
    expect(answer.status).toBe(503);
  });

  it('says it is not ready, naming Kafka, while /health stays up', async () => {
    await postJson(`${gatewayUrl}/events`, { name: 'page_view', channel_type: 'web' });
    const ready = await send<{ message: string; checks: Record<string, string> }>(`${gatewayUrl}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.checks.kafka).toMatch(/^Kafka refused the last write/);
    expect((await send(`${gatewayUrl}/health`)).status).toBe(200);
  });

  it('still refuses bad input with 400: validation does not need Kafka', async () => {
    const answer = await postJson(`${gatewayUrl}/events`, { name: 'page_view' });
    expect(answer.status).toBe(400);
  });
});
