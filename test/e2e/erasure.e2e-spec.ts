import { EVENT_MESSAGE_CONTENT_TYPE } from '@tributary/contracts';
import { Producer } from 'kafkajs';
import { testKafka, waitForWriterCaughtUp } from '../support/kafka-probe';
import { Answer, send, startPlatform, storedRows, TestPlatform } from '../support/platform';
import { expectRefused } from '../support/refusals';
import { waitFor } from '../support/wait-for';

const KEYS = {
  shopWrite: 'erase-shop-write-7f3a9c2e41',
  shopRead: 'erase-shop-read-5b2e8f71c0',
  shopAdmin: 'erase-shop-admin-e29c47a1b8',
  blogWrite: 'erase-blog-write-94d1f0c7e3',
  blogRead: 'erase-blog-read-3c7a2e9f41',
} as const;
const KEY_RING = [
  { key: KEYS.shopWrite, project: 'shop', role: 'write' },
  { key: KEYS.shopRead, project: 'shop', role: 'read' },
  { key: KEYS.shopAdmin, project: 'shop', role: 'admin' },
  { key: KEYS.blogWrite, project: 'blog', role: 'write' },
  { key: KEYS.blogRead, project: 'blog', role: 'read' },
];

/** Numeric ids: seed 002's logs carry their user as a number (customer_id). */
const ALICE = '4242';
const BOB = '777';
const NAME = 'erase view';
const DAY = '2025-11-12';
const T0 = 1762941600; // 2025-11-12T10:00:00Z

const view = (user: string, second: number, extra: object = {}) => ({ name: NAME, channel_type: 'web', user_id: user, timestamp: T0 + second, ...extra });
const pageView = (user: string, second: number) => ({ site_id: 'erase-site', event_type: 'page_view', path: `/p${second}`, user_id: user, timestamp: `${DAY}T10:00:${String(second).padStart(2, '0')}Z` });
const log = (user: string, n: number) => ({ event_name: 'erase log', description: `log ${n}`, customer_id: Number(user) });
/** A canonical event an internal service produces straight to Kafka, with its own id. */
const DIRECT = { id: '6f1c2a9e-5b7d-4e1a-9c8f-2d6b1e4a7c90', source: 'billing', project: 'shop', name: NAME, channel: 'server', user_id: ALICE, time: '2025-11-12T10:00:30Z' };

interface Erased {
  erasure_id: string;
  project: string;
  user_id: string;
  requested_at: string;
  request_id: string;
  deleted: number;
}

describe('erasure (POST /admin/erasures): a user erased from a project stays erased, duplicates arriving later included', () => {
  let platform: TestPlatform;
  let producer: Producer;
  let erased: Erased;

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const write = async (path: string, body: unknown, key: string = KEYS.shopWrite): Promise<void> => {
    const answer = await send(`${platform.gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-write-key': key }, body: JSON.stringify(body) });
    expect([path, answer.status < 300]).toEqual([path, true]);
  };
  const read = async <T>(path: string, key: string = KEYS.shopRead): Promise<T> => {
    const answer = await send<T>(`${platform.queryUrl}${path}`, { headers: bearer(key) });
    expect([path, answer.status]).toEqual([path, 200]);
    return answer.body;
  };
  const erase = (body: unknown, headers: Record<string, string>): Promise<Answer<Erased>> =>
    send<Erased>(`${platform.queryUrl}/admin/erasures`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const produceDirect = () =>
    producer.send({
      topic: String(platform.env.KAFKA_TOPIC),
      messages: [{ key: DIRECT.id, value: JSON.stringify({ v: 2, received_at: '2025-11-12T10:00:31Z', event: DIRECT }), headers: { 'content-type': EVENT_MESSAGE_CONTENT_TYPE } }],
    });

  /** What every read of shop (or of `key`'s project) says of the erase views, the pages and the logs. */
  async function seen(key: string = KEYS.shopRead) {
    const metrics = await read<{ total_count: number; unique_user_count: number }>(`/events/metrics?event_name=${encodeURIComponent(NAME)}`, key);
    const stats = await read<{ total_count: number; unique_user_count: number }>(`/events/stats?event_name=${encodeURIComponent(NAME)}`, key);
    const listing = await read<{ events: Array<{ user_id: string }> }>(`/events/list?event_name=${encodeURIComponent(NAME)}&limit=100`, key);
    const logs = await read<{ logs: Array<{ customer_id?: number }> }>('/api/read?event_name=erase%20log', key);
    const site = await read<{ total_views: number; unique_users: number }>(`/stats?site_id=erase-site&date=${DAY}`, key);
    return {
      metrics: [metrics.total_count, metrics.unique_user_count],
      stats: [stats.total_count, stats.unique_user_count],
      listed: listing.events.map((event) => event.user_id).sort(),
      logs: logs.logs.map((entry) => String(entry.customer_id)).sort(),
      site: [site.total_views, site.unique_users],
    };
  }

  /** Once the writer has read every message sent so far (and so erased what it had to), the stored rows of shop's Alice (no FINAL: every copy). */
  async function alicesRowsOnceCaughtUp(): Promise<string[]> {
    await waitForWriterCaughtUp(platform.env);
    const rows = await storedRows<{ id: string }>(platform, "SELECT toString(id) AS id FROM events WHERE project = 'shop' AND user_key = {user:String} ORDER BY id", { user: ALICE });
    return rows.map((row) => row.id);
  }

  /**
   * Shop's rows of the erase views in distinct_users, where the unique users of a metrics read
   * without from/to are counted, as `user all` or `user breakdown group_key`.
   */
  async function distinctUserRows(): Promise<string[]> {
    const rows = await storedRows<{ row: string }>(
      platform,
      `SELECT concat(multiIf(user_hash = xxh3_128({alice:String}), 'alice', user_hash = xxh3_128({bob:String}), 'bob', 'other'), ' ', if(breakdown = '', 'all', concat(breakdown, ' ', group_key))) AS row
       FROM distinct_users FINAL WHERE project = 'shop' AND name = {name:String} ORDER BY row`,
      { alice: ALICE, bob: BOB, name: NAME },
    );
    return rows.map((r) => r.row);
  }
  const BOBS_ROWS = ['bob all', 'bob channel web', `bob day ${DAY}`, `bob hour ${DAY} 10:00:00`];

  beforeAll(async () => {
    platform = await startPlatform({ TRIBUTARY_AUTH: 'keys', TRIBUTARY_KEYS: JSON.stringify(KEY_RING) });
    producer = testKafka(platform.env).producer();
    await producer.connect();
    for (const [user, views] of [[ALICE, 3], [BOB, 2]] as const) {
      for (let i = 0; i < views; i++) await write('/events', view(user, i, i === 0 ? { event_id: `${user}-first` } : {}));
      await write('/event', pageView(user, views));
      await write('/api/write', log(user, views));
    }
    await write('/events', view(ALICE, 0), KEYS.blogWrite);
    await write('/event', pageView(ALICE, 1), KEYS.blogWrite);
    await produceDirect();
    await waitFor('the 12 events of shop and blog to be stored', async () => {
      const [{ n }] = await storedRows<{ n: string }>(platform, "SELECT count() AS n FROM events FINAL WHERE project IN ('shop', 'blog')");
      return Number(n) >= 12 ? true : undefined;
    });
    await waitForWriterCaughtUp(platform.env);
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.stop();
  });

  it('counts and lists Alice and Bob before the erasure', async () => {
    expect(await seen()).toEqual({ metrics: [6, 2], stats: [6, 2], listed: [BOB, BOB, ALICE, ALICE, ALICE, ALICE].sort(), logs: [BOB, ALICE].sort(), site: [2, 2] });
    expect(await distinctUserRows()).toEqual(['alice all', 'alice channel server', 'alice channel web', `alice day ${DAY}`, `alice hour ${DAY} 10:00:00`, ...BOBS_ROWS]);
  });

  it('refuses a read key 403 and no key 401, naming authorization; refuses a body without user_id 400, naming it; erases nothing', async () => {
    expectRefused(await erase({ user_id: ALICE }, bearer(KEYS.shopRead)), 403, 'authorization', /needs the project's admin key/);
    expectRefused(await erase({ user_id: ALICE }, {}), 401, 'authorization', /is missing/);
    expectRefused(await erase({ user_id: ALICE }, bearer(KEYS.blogWrite)), 401, 'authorization', /is not a read key/);
    expectRefused(await erase({}, bearer(KEYS.shopAdmin)), 400, 'user_id', /is required/);
    expectRefused(await erase({ user_id: '' }, bearer(KEYS.shopAdmin)), 400, 'user_id', /must be a non-empty string/);
    expectRefused(await erase({ user_id: ALICE, project: 'blog' }, bearer(KEYS.shopAdmin)), 400, 'project', /is not a known field/);
    expectRefused(await send(`${platform.queryUrl}/admin/erasures`, { headers: bearer(KEYS.shopRead) }), 403, 'authorization', /admin key/);
    const listed = await send<{ erasures: unknown[] }>(`${platform.queryUrl}/admin/erasures`, { headers: bearer(KEYS.shopAdmin) });
    expect([listed.status, listed.body]).toEqual([200, { erasures: [] }]);
    expect((await seen()).metrics).toEqual([6, 2]);
  });

  it("erases Alice's events in shop from every read at once, keeps Bob's and blog's Alice, and records the request", async () => {
    const answer = await erase({ user_id: ALICE }, { ...bearer(KEYS.shopAdmin), 'x-request-id': 'erase-alice-1' });
    expect(answer.status).toBe(200);
    erased = answer.body;
    expect(erased).toEqual({ erasure_id: expect.stringMatching(/^[0-9a-f-]{36}$/), project: 'shop', user_id: ALICE, requested_at: expect.any(String), request_id: 'erase-alice-1', deleted: 6 });
    expect(Math.abs(Date.parse(erased.requested_at) - Date.now())).toBeLessThan(60_000);

    expect(await seen()).toEqual({ metrics: [2, 1], stats: [2, 1], listed: [BOB, BOB], logs: [BOB], site: [1, 1] });
    expect(await distinctUserRows()).toEqual(BOBS_ROWS);
    expect(await alicesRowsOnceCaughtUp()).toEqual([]);
    const blog = await seen(KEYS.blogRead);
    expect([blog.metrics, blog.listed, blog.site]).toEqual([[1, 1], [ALICE], [1, 1]]);

    const { body } = await send<{ erasures: unknown[] }>(`${platform.queryUrl}/admin/erasures`, { headers: bearer(KEYS.shopAdmin) });
    const { deleted: _deleted, ...record } = erased;
    expect(body).toEqual({ erasures: [record] });
  });

  it("keeps erased the copies that arrive later: resent through the gateway, produced again to Kafka, and an old event sent late", async () => {
    await write('/events', view(ALICE, 0, { event_id: `${ALICE}-first` })); // a resend of an event_id: same id, the stored copy's time
    await write('/events', view(ALICE, 1)); // the same content: the same id, dated before the erasure
    await write('/event', pageView(ALICE, 3));
    await produceDirect(); // the internal service's message, produced again
    await write('/events', view(ALICE, 50)); // never sent before, but dated before the erasure: erased too
    expect(await alicesRowsOnceCaughtUp()).toEqual([]);
    expect(await seen()).toEqual({ metrics: [2, 1], stats: [2, 1], listed: [BOB, BOB], logs: [BOB], site: [1, 1] });
    // The copies' users, which the feed wrote with them, went with them.
    expect(await distinctUserRows()).toEqual(BOBS_ROWS);
  });

  it('keeps a new event of Alice, received and dated after the erasure: an erasure removes what existed, it bans no one', async () => {
    await write('/events', { name: NAME, channel_type: 'web', user_id: ALICE });
    await waitFor("Alice's new event to be counted", async () => ((await seen()).metrics[0] === 3 ? true : undefined));
    expect(await alicesRowsOnceCaughtUp()).toHaveLength(1);
    expect(await seen()).toEqual({ metrics: [3, 2], stats: [3, 2], listed: [BOB, BOB, ALICE].sort(), logs: [BOB], site: [1, 1] });
    // Alice is back in distinct_users for her new event only: its day and hour, not the erased ones'.
    const [stored] = await storedRows<{ day: string; hour: string }>(
      platform,
      "SELECT toString(toDate(event_time)) AS day, toString(toStartOfHour(toDateTime(event_time))) AS hour FROM events WHERE project = 'shop' AND user_key = {user:String}",
      { user: ALICE },
    );
    expect(await distinctUserRows()).toEqual(['alice all', 'alice channel web', `alice day ${stored.day}`, `alice hour ${stored.hour}`, ...BOBS_ROWS]);
  });
});
