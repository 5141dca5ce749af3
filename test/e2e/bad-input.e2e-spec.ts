import { gzipSync } from 'node:zlib';
import { INestApplication } from '@nestjs/common';
import { startGateway } from '../../apps/gateway/src/bootstrap';
import { startQuery } from '../../apps/query/src/bootstrap';
import { isolatedEnv, postJson, send } from '../support/platform';
import { ErrorBody, expectRefused } from '../support/refusals';

const valid = { name: 'page_view', channel_type: 'web', user_id: 'u1' };

describe('bad input gets a 4xx naming each field and why', () => {
  let gateway: INestApplication;
  let query: INestApplication;
  let gatewayUrl: string;
  let queryUrl: string;

  beforeAll(async () => {
    const env = isolatedEnv({ GATEWAY_BODY_LIMIT_BYTES: String(64 * 1024) });
    gateway = await startGateway(env);
    query = await startQuery(env);
    gatewayUrl = await gateway.getUrl();
    queryUrl = await query.getUrl();
  });

  afterAll(async () => {
    await gateway?.close();
    await query?.close();
  });

  const postRaw = (path: string, body: string, contentType = 'application/json') =>
    send(`${gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('malformed JSON', async () => {
    expectRefused(await postRaw('/events', '{"name": "page_view",'), 400, 'body', /JSON/);
  });

  it('a missing required field', async () => {
    expectRefused(await postJson(`${gatewayUrl}/events`, { channel_type: 'web' }), 400, 'name', 'is required');
  });

  it('a wrong field value, naming the allowed values', async () => {
    expectRefused(await postJson(`${gatewayUrl}/events`, { ...valid, channel_type: 'fax' }), 400, 'channel_type', 'must be one of web, mobile, desktop, tv, console, other');
  });

  it('a wrong type deep in the event', async () => {
    const answer = await postJson(`${gatewayUrl}/events`, { ...valid, event_params: [{ key: 'a', number_value: 'seven' }] });
    expectRefused(answer, 400, 'event_params[0].number_value', /must be a finite number/);
  });

  it('invalid UTF-8 anywhere in a body, in JSON and in NDJSON, instead of storing U+FFFD', async () => {
    const bad = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","channel_type":"web"}')]);
    const post = (path: string, body: Buffer, contentType = 'application/json') =>
      send(`${gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    expectRefused(await post('/events', bad), 400, 'body', 'is not valid UTF-8: byte 0xff at offset 9; send text encoded as UTF-8');
    const ndjson = Buffer.concat([Buffer.from(`${JSON.stringify(valid)}\n`), bad]);
    expectRefused(await post('/events/batch', ndjson, 'application/x-ndjson'), 400, 'events[1]', /^line 2 is not valid UTF-8/);
  });

  it('an escaped lone surrogate, which no UTF-8 string can hold', async () => {
    const answer = await postRaw('/events/batch', '{"events":[{"name":"ok","channel_type":"web","user_id":"\\ud83d"}]}');
    expectRefused(answer, 400, 'events[0].user_id', /lone UTF-16 surrogate/);
  });

  it('values outside what their column holds: a huge integer, a date before 2000 or an impossible one', async () => {
    expectRefused(await postRaw('/events', '{"name":"n","channel_type":"web","items":[{"quantity":1.28e+28}]}'), 400, 'items[0].quantity', /integer from 0 to 9007199254740991/);
    expectRefused(await postRaw('/events', '{"name":"n","channel_type":"web","items":[{"price_in_usd":1e400}]}'), 400, 'items[0].price_in_usd', /finite number/);
    expectRefused(await postJson(`${gatewayUrl}/events`, { ...valid, date: '1899-12-31' }), 400, 'date', /from 2000-01-01 to 2100-01-01/);
    expectRefused(await postJson(`${gatewayUrl}/events`, { ...valid, date: '2024-02-30T00:00:00Z' }), 400, 'date', /ISO 8601/);
  });

  it('an unknown field', async () => {
    expectRefused(await postJson(`${gatewayUrl}/events`, { ...valid, colour: 'red' }), 400, 'colour', 'is not a known field');
  });

  it('an empty batch, a batch without events, an oversized batch', async () => {
    expectRefused(await postJson(`${gatewayUrl}/events/batch`, { events: [] }), 400, 'events', 'must contain at least one event');
    expectRefused(await postJson(`${gatewayUrl}/events/batch`, {}), 400, 'events', 'is required');
    const many = Array.from({ length: 1001 }, () => ({ name: 'n', channel_type: 'web' }));
    expectRefused(await postJson(`${gatewayUrl}/events/batch`, { events: many }), 400, 'events', 'has 1001 events, over the limit of 1000');
  });

  it('a batch with one bad event refuses the whole batch, naming its index', async () => {
    const answer = await postJson(`${gatewayUrl}/events/batch`, { events: [valid, { ...valid, channel_type: 'radio' }] });
    expectRefused(answer, 400, 'events[1].channel_type', /must be one of/);
  });

  it('an NDJSON line that is not JSON, naming the line', async () => {
    const answer = await postRaw('/events/batch', `${JSON.stringify(valid)}\n{oops\n`, 'application/x-ndjson');
    expectRefused(answer, 400, 'events[1]', /^line 2 is not valid JSON/);
  });

  it('a body over the limit', async () => {
    const answer = await postRaw('/events/batch', JSON.stringify({ events: [{ ...valid, user_id: 'x'.repeat(70 * 1024) }] }));
    expectRefused(answer, 413, 'body', /too large/i);
  });

  it('a compressed body over the limit once decompressed, and one that is not what its encoding claims', async () => {
    const post = (body: Buffer, encoding: string) =>
      send(`${gatewayUrl}/events/batch`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body });
    expectRefused(await post(gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)), 'gzip'), 413, 'body', /over 65536 bytes once decompressed/);
    expectRefused(await post(Buffer.from(JSON.stringify({ events: [valid] })), 'gzip'), 400, 'body', /is not valid gzip/);
  });

  it('a write key over 128 characters, naming it', async () => {
    const basic = `Basic ${Buffer.from(`${'k'.repeat(200)}:`).toString('base64')}`;
    const answer = await send(`${gatewayUrl}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic },
      body: JSON.stringify({ userId: 'u1', event: 'Signed Up', messageId: 'm-1' }),
    });
    expectRefused(answer, 400, 'write key', 'is 200 characters long, over the limit of 128');
  });

  it('a body that is JSON but no object (null, a number), and a single event with a batch field, on every source sharing the path', async () => {
    expectRefused(await postRaw('/events', 'null'), 400, 'event', 'must be a JSON object');
    expectRefused(await postRaw('/events', '7'), 400, 'event', 'must be a JSON object');
    expectRefused(await postJson(`${gatewayUrl}/events`, { ...valid, sent_at: 'not a time' }), 400, 'sent_at', 'is not a known field');
  });

  it('a method a known path does not take: 405 naming the ones it does', async () => {
    const answer = await send(`${gatewayUrl}/events/batch`, { method: 'DELETE' });
    expect([answer.status, answer.headers.get('allow')]).toEqual([405, 'POST']);
    expect((answer.body as ErrorBody).message).toBe('DELETE is not allowed on /events/batch; allowed: POST');
    expect((await send(`${gatewayUrl}/no-such-path`, { method: 'DELETE' })).status).toBe(404);
  });

  it('a content type it does not take', async () => {
    const answer = await postRaw('/events', 'name=page_view', 'text/plain');
    expect(answer.status).toBe(415);
  });

  describe('GET /events/metrics', () => {
    const get = (params: Record<string, string>) => send(`${queryUrl}/events/metrics?${new URLSearchParams(params)}`);

    it('an unknown group_by, naming the allowed values', async () => {
      expectRefused(await get({ event_name: 'page_view', group_by: 'weekly' }), 400, 'group_by', 'must be one of channel, daily, hourly');
    });

    it('a missing event_name', async () => {
      expectRefused(await get({ group_by: 'daily' }), 400, 'event_name', 'is required');
    });

    it('a bad time bound, and a range that ends before it starts', async () => {
      expectRefused(await get({ event_name: 'page_view', from: 'yesterday' }), 400, 'from', /ISO 8601.*or Unix seconds/);
      expectRefused(await get({ event_name: 'page_view', from: '2024-02-30T00:00:00Z' }), 400, 'from', /must be a real date/);
      expectRefused(await get({ event_name: 'page_view', to: '2023-02-29' }), 400, 'to', /must be a real date/);
      expectRefused(await get({ event_name: 'page_view', from: '2024-02-01T00:00:00Z', to: '2024-01-01T00:00:00Z' }), 400, 'to', 'must not be before from');
    });

    it('reads a time bound without a zone as UTC', async () => {
      const answer = await get({ event_name: 'page_view', from: '2024-01-01T10:30', to: '2024-01-01T12:00:00' });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ from: '2024-01-01T10:30:00Z', to: '2024-01-01T12:00:00Z' });
    });

    it('an unknown parameter', async () => {
      expectRefused(await get({ event_name: 'page_view', sort: 'name' }), 400, 'sort', 'is not a known field');
    });
  });
});
