import { createClient } from '@clickhouse/client';
import { EVENT_MESSAGE_CONTENT_TYPE } from '@tributary/contracts';
import { Producer } from 'kafkajs';
import { testKafka, waitForWriterCaughtUp } from '../../support/kafka-probe';
import { Answer, metricsOf, postJson, send, settledCount, startPlatform, storedRows, TestPlatform } from '../../support/platform';

interface ListedEvent {
  id: string;
  name: string;
  event_time: string;
  received_at: string;
  project: string;
  channel: string;
  user_id: string;
  properties: Record<string, unknown>;
  [key: string]: unknown;
}

interface Listing {
  events: ListedEvent[];
  next_cursor: string | null;
}

interface ErrorBody {
  statusCode: number;
  errors: Array<{ field: string; reason: string }>;
}

const NAME = 'listed';
const START = 1705314600;
/** 30 events, three to a second (ties on event_time, so the id orders them), web and mobile by turns. */
const BATCH = Array.from({ length: 30 }, (_, i) => ({ name: NAME, channel_type: i % 2 === 0 ? 'web' : 'mobile', user_id: `u${i}`, timestamp: START + Math.floor(i / 3) }));
/** Canonical events produced straight to Kafka: one of the default project, sent twice, and one of another project. */
const BILLED = { id: '0b9e5f3e-1b2c-4d4e-9f00-1122334455aa', source: 'billing', name: NAME, channel: 'server', user_id: 'acct-1', time: '2024-01-15T10:29:00.250Z', properties: { plan: 'pro', seats: 3 } };
const OTHER_PROJECT = { id: '0b9e5f3e-1b2c-4d4e-9f00-1122334455bb', source: 'billing', project: 'other', name: NAME, channel: 'server', user_id: 'acct-2', time: '2024-01-15T10:31:00Z' };
const DEFAULT_EVENTS = BATCH.length + 1;

describe('GET /events/list: filters, sort, keyset pages that never overlap, every event once', () => {
  let platform: TestPlatform;
  let producer: Producer;
  /** The ids of the default project's events, in the order of each sort, as ClickHouse orders them FINAL. */
  const stored: Record<string, string[]> = {};

  const produce = (events: object[]) =>
    producer.send({
      topic: String(platform.env.KAFKA_TOPIC),
      messages: events.map((event) => ({ key: (event as { id: string }).id, value: JSON.stringify({ v: 2, event }), headers: { 'content-type': EVENT_MESSAGE_CONTENT_TYPE } })),
    });

  beforeAll(async () => {
    platform = await startPlatform();
    producer = testKafka(platform.env).producer();
    await producer.connect();
    const first = await postJson<{ ids: string[] }>(`${platform.gatewayUrl}/events/batch`, { events: BATCH });
    expect(first.status).toBe(202);
    // Duplicates: a third of the batch posted again (the same ids), and a canonical event produced twice.
    const again = await postJson<{ ids: string[] }>(`${platform.gatewayUrl}/events/batch`, { events: BATCH.slice(0, 10) });
    expect(again.body.ids).toEqual(first.body.ids.slice(0, 10));
    await produce([BILLED, OTHER_PROJECT, BILLED]);
    await settledCount(platform, NAME, DEFAULT_EVENTS);
    await waitForWriterCaughtUp(platform.env);
    for (const [sort, order] of [['-event_time', 'event_time DESC, id DESC'], ['event_time', 'event_time ASC, id ASC'], ['-received_at', 'received_at DESC, id DESC'], ['received_at', 'received_at ASC, id ASC']]) {
      const rows = await storedRows<{ id: string }>(platform, `SELECT id FROM events FINAL WHERE project = 'default' AND name = {name:String} ORDER BY ${order}`, { name: NAME });
      stored[sort] = rows.map((row) => row.id);
    }
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.stop();
  });

  const get = <T = Listing>(params: Array<[string, string]>): Promise<Answer<T>> => send<T>(`${platform.queryUrl}/events/list?${new URLSearchParams(params)}`);

  async function page(params: Array<[string, string]>): Promise<Listing> {
    const answer = await get(params);
    expect([answer.status, answer.body]).toEqual([200, expect.anything()]);
    return answer.body;
  }

  /** Every page of a listing, following next_cursor (from `cursor`, else the first page) until it is null. */
  async function allPages(params: Array<[string, string]>, cursor: string | null = null): Promise<Listing[]> {
    const pages: Listing[] = [];
    do {
      pages.push(await page([...params, ...(cursor ? [['cursor', cursor] as [string, string]] : [])]));
      cursor = pages[pages.length - 1].next_cursor;
      expect(pages.length).toBeLessThan(100);
    } while (cursor);
    return pages;
  }

  it('stores the copies and the other project, which the listing and the counts leave out', async () => {
    const rows = await storedRows<{ project: string; events: string; rows: string }>(platform, 'SELECT project, uniqExact(id) AS events, count() AS rows FROM events WHERE name = {name:String} GROUP BY project ORDER BY project', { name: NAME });
    expect(rows.map((row) => [row.project, Number(row.events)])).toEqual([['default', DEFAULT_EVENTS], ['other', 1]]);
    expect(stored['-event_time']).toHaveLength(DEFAULT_EVENTS);
    expect((await metricsOf(platform, { event_name: NAME })).total_count).toBe(DEFAULT_EVENTS);
    const stats = await send<{ total_count: number }>(`${platform.queryUrl}/events/stats?event_name=${NAME}&filter=project:other`);
    expect([stats.status, stats.body.total_count]).toEqual([200, 0]);
    const listed = await page([['event_name', NAME], ['filter', 'project:other']]);
    expect(listed).toEqual({ events: [], next_cursor: null });
  });

  it.each(['-event_time', 'event_time', '-received_at', 'received_at'])('pages sort=%s: every event exactly once, in the order of its sort value then id, no page overlapping another', async (sort) => {
    const pages = await allPages([['event_name', NAME], ['sort', sort], ['limit', '7']]);
    expect(pages.map((p) => p.events.length)).toEqual([7, 7, 7, 7, 3]);
    expect(pages.at(-1)?.next_cursor).toBeNull();
    const ids = pages.flatMap((p) => p.events.map((event) => event.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(stored[sort]);
    expect(ids).not.toContain(OTHER_PROJECT.id);
  });

  it('lists one order backwards of the other, with ties on event_time ordered by id', async () => {
    const newest = (await allPages([['event_name', NAME], ['limit', '4']])).flatMap((p) => p.events);
    const oldest = (await allPages([['event_name', NAME], ['sort', 'event_time'], ['limit', '1000']])).flatMap((p) => p.events);
    expect(oldest.map((event) => event.id)).toEqual(newest.map((event) => event.id).reverse());
    const times = newest.map((event) => event.event_time);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(times).size).toBeLessThan(times.length);
  });

  it("answers each event's fields, properties as JSON, one row for an event sent twice", async () => {
    const { events } = await page([['event_name', NAME], ['filter', 'source:billing']]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: BILLED.id,
      name: NAME,
      event_time: '2024-01-15T10:29:00.250Z',
      source: 'billing',
      project: 'default',
      channel: 'server',
      user_id: 'acct-1',
      anonymous_id: '',
      properties: { plan: 'pro', seats: 3 },
    });
    expect(Date.parse(events[0].received_at)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
    const seed000 = (await page([['event_name', NAME], ['filter', 'source:tributary'], ['limit', '1']])).events[0];
    expect(Object.keys(seed000)).toEqual(Object.keys(events[0]));
  });

  it.each([
    [[['filter', 'channel:mobile']], BATCH.filter((event) => event.channel_type === 'mobile').length],
    [[['filter', 'channel:mobile'], ['filter', 'channel:server']], 16],
    [[['filter', 'property.plan:pro']], 1],
    [[['filter', 'user_id:u1']], null],
    [[['from', String(START + 9)]], 3],
    [[['from', String(START)], ['to', String(START + 1)]], 6],
    [[['filter', 'name:nothing-of-that-name']], 0],
  ] as Array<[Array<[string, string]>, number | null]>)('filters %j as GET /events/stats does', async (filters, expected) => {
    const answer = await get([['event_name', NAME], ...filters]);
    if (expected === null) {
      expect([answer.status, (answer.body as unknown as ErrorBody).errors[0].field]).toEqual([400, 'filter']);
      return;
    }
    const events = (await allPages([['event_name', NAME], ...filters, ['limit', '5']])).flatMap((p) => p.events);
    expect(events).toHaveLength(expected);
    const stats = await send<{ total_count: number }>(`${platform.queryUrl}/events/stats?${new URLSearchParams([['event_name', NAME], ...filters])}`);
    expect(stats.body.total_count).toBe(expected);
  });

  it('continues after the last event seen: an event stored meanwhile ahead of the cursor neither shifts nor repeats the next pages', async () => {
    const first = await page([['event_name', NAME], ['limit', '10']]);
    expect((await postJson(`${platform.gatewayUrl}/events`, { name: NAME, channel_type: 'web', user_id: 'late', timestamp: START + 3600 })).status).toBe(202);
    await settledCount(platform, NAME, DEFAULT_EVENTS + 1);
    const rest = await allPages([['event_name', NAME], ['limit', '10']], first.next_cursor);
    const ids = [...first.events, ...rest.flatMap((p) => p.events)].map((event) => event.id);
    expect(ids).toEqual(stored['-event_time']);
  });

  it('lists once, as the copy received last, an event whose copies sit in parts of their own, by every sort and across page boundaries', async () => {
    const name = 'listed-copies';
    const id = '0b9e5f3e-1b2c-4d4e-9f00-1122334455cc';
    const row = (event: string, received_at: string) => ({ id: event, name, channel_type: 'server', event_time: '2024-01-15 10:28:00.500', received_at, user_id: 'acct-3' });
    const before = row('0b9e5f3e-1b2c-4d4e-9f00-1122334455c0', '2026-01-01 00:00:00.000');
    const after = row('0b9e5f3e-1b2c-4d4e-9f00-1122334455cf', '2026-01-01 00:00:00.000');
    const copy = row(id, '2026-01-01 00:00:00.000');
    const resent = row(id, '2026-01-02 00:00:00.000');
    const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
    try {
      // Merges stopped, so that the copies stay in parts of their own; the same row twice, kept by distinct tokens; then a later copy, the one FINAL keeps.
      await client.command({ query: 'SYSTEM STOP MERGES events' });
      for (const [token, rows] of [['neighbours', [before, after]], ['copy-1', [copy]], ['copy-2', [copy]], ['resent', [resent]]] as const) {
        await client.insert({ table: 'events', values: [...rows], format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: token } });
      }
      const [stored] = await storedRows<{ rows: string; parts: string }>(platform, 'SELECT count() AS rows, uniqExact(_part) AS parts FROM events WHERE id = {id:UUID}', { id });
      expect([Number(stored.rows), Number(stored.parts)]).toEqual([3, 3]);
      for (const sort of ['-event_time', 'event_time', '-received_at', 'received_at']) {
        for (const limit of ['1', '2']) {
          const events = (await allPages([['event_name', name], ['sort', sort], ['limit', limit]])).flatMap((p) => p.events);
          expect(events.map((event) => event.id).sort()).toEqual([before.id, id, after.id]);
          expect(events.find((event) => event.id === id)?.received_at).toBe('2026-01-02T00:00:00.000Z');
        }
      }
    } finally {
      await client.command({ query: 'SYSTEM START MERGES events' });
      await client.close();
    }
  });

  const listedCursor = async () => String((await page([['event_name', NAME], ['limit', '2']])).next_cursor);

  it.each([
    ['limit', async () => '0', 'must be an integer from 1 to 1000'],
    ['limit', async () => '1001', 'must be an integer from 1 to 1000'],
    ['limit', async () => 'ten', 'must be an integer from 1 to 1000'],
    ['sort', async () => 'name', 'must be one of -event_time, event_time, -received_at, received_at'],
    ['sort', async () => '-id', 'must be one of -event_time, event_time, -received_at, received_at'],
    ['cursor', async () => `${(await listedCursor()).slice(0, -2)}xx`, 'must be the next_cursor of a previous page, as it was given'],
    ['cursor', async () => 'bm90IGEgY3Vyc29y', 'must be the next_cursor of a previous page, as it was given'],
    ['filter', async () => 'colour:red', expect.stringContaining('must be <dimension>:<value>')],
    ['event_name', async () => 'n'.repeat(129), expect.stringContaining('must be event names of 1 to 128 characters')],
    ['from', async () => '2024-02-30', expect.stringContaining('must be a real date')],
  ] as Array<[string, () => Promise<string>, unknown]>)('refuses a bad %s with 400 naming it', async (field, value, reason) => {
    const answer = await get<ErrorBody>([[field, await value()]]);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field, reason }]);
  });

  it('refuses a cursor of another sort, and unknown parameters, naming them', async () => {
    const cursor = await listedCursor();
    const otherSort = await get<ErrorBody>([['sort', 'event_time'], ['cursor', cursor]]);
    expect([otherSort.status, otherSort.body.errors]).toEqual([400, [{ field: 'cursor', reason: 'was given for sort=-event_time, not sort=event_time: keep the sort of the page it came from' }]]);
    const unknown = await get<ErrorBody>([['offset', '100'], ['group_by', 'country']]);
    expect([unknown.status, unknown.body.errors.map((error) => error.field).sort()]).toEqual([400, ['group_by', 'offset']]);
  });
});
