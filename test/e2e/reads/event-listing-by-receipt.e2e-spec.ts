import { ClickHouseClient, createClient } from '@clickhouse/client';
import { INestApplication } from '@nestjs/common';
import { startQuery } from '../../../apps/query/src/bootstrap';
import { Env } from '@tributary/platform';
import { Answer, isolatedEnv, send, storedRows, urlOf } from '../../support/platform';

interface Listing {
  events: Array<{ id: string; received_at: string; [key: string]: unknown }>;
  next_cursor: string | null;
}

const NAME = 'received';
const EVENTS = 30;
const uuid = (i: number) => `0b9e5f3e-1b2c-4d4e-9f00-${String(i).padStart(12, '0')}`;
/** 2026-01-01 00:00:00 plus `seconds`, as ClickHouse's DateTime64(3) text. */
const receivedAt = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString().replace('T', ' ').replace('Z', '');

/**
 * Event i: three to an event_time, web and mobile by turns, DE one in four, plan pro one in five;
 * first received 2 s after the one before (events 10 and 11 at the same instant, ordered by id).
 */
const first = (i: number) => ({
  id: uuid(i),
  name: NAME,
  channel_type: i % 2 === 0 ? 'web' : 'mobile',
  event_time: `2024-01-15 10:00:${String(Math.floor(i / 3)).padStart(2, '0')}.000`,
  received_at: receivedAt(i === 11 ? 20 : 2 * i),
  country: i % 4 === 0 ? 'DE' : 'US',
  properties: i % 5 === 0 ? '{"plan":"pro"}' : '{}',
  user_id: `u${i}`,
});
const ids = Array.from({ length: EVENTS }, (_, i) => i);
/**
 * Each a separate insert, so a part of its own, its copies received later than those before,
 * and so the last inserted copy of an event (the one FINAL keeps) its latest:
 * - redelivered: every third event received again 17 s after its first copy, among the others'
 *   first copies; event 8 (DE) in another country (a listing by country:DE leaves it out, as
 *   FINAL does: the copy it keeps is not DE); event 5 with the same received_at as its first copy (the
 *   same row twice, next to each other in the order);
 * - resent: every sixth event once more, 31 s after its first copy;
 * - another project's event, received twice, which no listing of the default project shows.
 */
const INSERTS: Array<[string, object[]]> = [
  ['first', ids.map(first)],
  [
    'redelivered',
    [
      ...ids.filter((i) => i % 3 === 0).map((i) => ({ ...first(i), received_at: receivedAt(2 * i + 17) })),
      { ...first(8), received_at: receivedAt(16 + 17), country: 'FR' },
      first(5),
    ],
  ],
  ['resent', ids.filter((i) => i % 6 === 0).map((i) => ({ ...first(i), received_at: receivedAt(2 * i + 31) }))],
  ['other-project', [{ ...first(3), id: uuid(99), project: 'other', received_at: receivedAt(7) }, { ...first(3), id: uuid(99), project: 'other', received_at: receivedAt(100) }]],
];

/** The listing's filters, and the same as SQL over FINAL, the order the listing must match. */
const FILTERS: Array<[string, Array<[string, string]>, string]> = [
  ['no filter', [], ''],
  ['event_name', [['event_name', NAME]], ''],
  ['channel', [['filter', 'channel:mobile']], "AND channel_type = 'mobile'"],
  ['a dimension', [['filter', 'country:DE']], "AND country = 'DE'"],
  ['a property', [['filter', 'property.plan:pro']], "AND JSONExtractString(properties, 'plan') = 'pro'"],
  ['from and to', [['from', '2024-01-15T10:00:02Z'], ['to', '2024-01-15T10:00:06Z']], "AND event_time BETWEEN '2024-01-15 10:00:02' AND '2024-01-15 10:00:06'"],
];

describe('GET /events/list by received_at: each event once, at its latest copy, whose copies sit in parts of their own', () => {
  let env: Env;
  let query: INestApplication;
  let queryUrl: string;
  let client: ClickHouseClient;

  beforeAll(async () => {
    env = isolatedEnv();
    // Only the query app: it migrates its database at boot; the rows are inserted here.
    query = await startQuery(env);
    queryUrl = await urlOf(query);
    client = createClient({ url: String(env.CLICKHOUSE_URL), database: String(env.CLICKHOUSE_DATABASE) });
    // Merges stopped, so that the copies stay in parts of their own; each insert kept by a token of its own (event 5's row is inserted twice).
    await client.command({ query: 'SYSTEM STOP MERGES events' });
    for (const [token, rows] of INSERTS) {
      await client.insert({ table: 'events', values: rows, format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: token } });
    }
  }, 120_000);

  afterAll(async () => {
    await client?.command({ query: 'SYSTEM START MERGES events' });
    await client?.close();
    await query?.close();
  });

  async function allPages(params: Array<[string, string]>): Promise<Listing[]> {
    const pages: Listing[] = [];
    let cursor: string | null = null;
    do {
      const search: Array<[string, string]> = cursor ? [...params, ['cursor', cursor]] : params;
      const answer: Answer<Listing> = await send<Listing>(`${queryUrl}/events/list?${new URLSearchParams(search)}`);
      expect([answer.status, answer.body]).toEqual([200, expect.anything()]);
      pages.push(answer.body);
      cursor = answer.body.next_cursor;
      expect(pages.length).toBeLessThanOrEqual(EVENTS + 1);
    } while (cursor);
    return pages;
  }

  it('stores the copies in parts of their own, several of an event received at different times', async () => {
    const [stored] = await storedRows<{ rows: string; events: string; parts: string }>(
      { env },
      "SELECT count() AS rows, uniqExact(id) AS events, uniqExact(_part) AS parts FROM events WHERE project = 'default'",
    );
    expect([Number(stored.rows), Number(stored.events), Number(stored.parts)]).toEqual([EVENTS + 10 + 2 + 5, EVENTS, 3]);
    const projections = await storedRows<{ name: string }>({ env }, "SELECT DISTINCT name FROM system.projection_parts WHERE database = currentDatabase() AND table = 'events' AND active ORDER BY name");
    // The listings' projections, beside the others of events (migrations 13 and 14).
    expect(projections.map((projection) => projection.name)).toEqual(expect.arrayContaining(['listing', 'listing_by_receipt']));
  });

  describe.each(FILTERS)('filtered by %s', (_name, filters, sql) => {
    it.each(['received_at', '-received_at'])('pages sort=%s, 1, 2 and 5 a page: each event exactly once, at its latest copy, in the order of FROM events FINAL', async (sort) => {
      const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
      const expected = await storedRows<{ id: string; received_at: string }>(
        { env },
        `SELECT id, received_at FROM events FINAL WHERE project = 'default' ${sql} ORDER BY received_at ${direction}, id ${direction}`,
      );
      expect(expected.length).toBeGreaterThan(0);
      const iso = (text: string) => `${text.replace(' ', 'T')}Z`;
      for (const limit of ['1', '2', '5']) {
        const pages = await allPages([...filters, ['sort', sort], ['limit', limit]]);
        expect(pages.slice(0, -1).every((page) => page.events.length === Number(limit))).toBe(true);
        const listed = pages.flatMap((page) => page.events.map((event) => [event.id, event.received_at]));
        expect(listed).toEqual(expected.map((row) => [row.id, iso(row.received_at)]));
      }
    });
  });

  it('lists an event received three times at its third receipt, and one whose latest copy the filter leaves out not at all', async () => {
    const events = (await allPages([['sort', 'received_at'], ['limit', '4']])).flatMap((page) => page.events);
    expect(events.filter((event) => event.id === uuid(6)).map((event) => event.received_at)).toEqual([`${receivedAt(12 + 31).replace(' ', 'T')}Z`]);
    const german = (await allPages([['sort', '-received_at'], ['filter', 'country:DE'], ['limit', '2']])).flatMap((page) => page.events.map((event) => event.id));
    expect(german).not.toContain(uuid(8));
    expect(german.sort()).toEqual(ids.filter((i) => i % 4 === 0 && i !== 8).map(uuid).sort());
  });
});
