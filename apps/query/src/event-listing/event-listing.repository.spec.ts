import { TupleParam } from '@clickhouse/client';
import { LISTING_PROJECTION } from '@tributary/platform';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { DIMENSION_NAMES, DIMENSIONS } from '../event-stats/dimensions';
import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { collapsedCopies, EventListingRepository, LISTED_COLUMNS, ListedRow, RECEIPT_READ_MAX } from './event-listing.repository';
import { EventListingQuery, LISTING_SORTS } from './listing-query';

interface Select {
  sql: string;
  params: Record<string, unknown>;
}

const LOOKUP = 'SELECT name, channel_type, event_time, id, max(received_at) AS received_at';

/**
 * The statements a page sends, and its rows. `stored` is the table, its rows in the order the
 * page reads them: a read answers those strictly after its cursor (the row of that received_at or
 * event_time and id), up to its LIMIT; a lookup of copies, the latest received_at of each of its
 * events that `stored` holds.
 */
async function pageOf(query: EventListingQuery, stored: ListedRow[] = []): Promise<{ sent: Select[]; rows: ListedRow[] }> {
  const sent: Select[] = [];
  const rows = async (sql: string, params: Record<string, unknown>) => {
    const select = { sql: sql.replace(/\s+/g, ' ').trim(), params };
    sent.push(select);
    if (select.sql.startsWith(LOOKUP)) {
      const keys = (params.p1 as TupleParam[]).map((key) => key.values.join('|'));
      const latest = new Map<string, ListedRow>();
      for (const row of stored.filter((row) => keys.includes([row.name, row.channel_type, row.event_time, row.id].join('|')))) {
        if (!latest.has(row.id) || row.received_at > latest.get(row.id)!.received_at) latest.set(row.id, row);
      }
      return [...latest.values()].map(({ name, channel_type, event_time, id, received_at }) => ({ name, channel_type, event_time, id, received_at }));
    }
    const column = /ORDER BY (\w+)/.exec(select.sql)![1] as 'event_time' | 'received_at';
    const after = select.sql.includes(`(${column}, id)`) ? stored.length - [...stored].reverse().findIndex((row) => row[column] === params.p1 && row.id === params.p2) : 0;
    return stored.slice(after, after + Number(Object.values(params).at(-1)));
  };
  return { sent, rows: await new EventListingRepository({ rows } as unknown as ClickHouseEventsReader).page(query) };
}

async function selectOf(query: EventListingQuery): Promise<Select> {
  return (await pageOf(query)).sent[0];
}

const row = (id: string, received_at = '2024-03-30 14:05:10.000', event_time = '2024-03-30 14:05:09.120'): ListedRow =>
  ({ ...Object.fromEntries(LISTED_COLUMNS.map((column) => [column, ''])), id, name: 'purchase', channel_type: 'web', event_time, received_at }) as ListedRow;

const HOSTILE = "x') OR 1=1; DROP TABLE events; --";
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const ID = '0b9e5f3e-1b2c-4d4e-9f00-112233445566';
const FIRST_PAGE: EventListingQuery = { scope: OPEN_READ_SCOPE, eventNames: [], filters: [], sort: '-event_time', limit: 100 };
const COLUMNS = LISTED_COLUMNS.join(', ');

/** Every word the SQL may hold: keywords, functions, the columns it reads. */
const VOCABULARY = new Set([
  ...'SELECT FROM WHERE AND IN ORDER BY ASC DESC LIMIT if JSONType JSONExtractString JSONExtractRaw position multiSearchAny max AS GROUP'.split(' '),
  ...LISTED_COLUMNS,
  'events',
  ...DIMENSION_NAMES.map((name) => DIMENSIONS[name].column),
]);
const wordsOf = (sql: string): string[] => sql.replace(/\{p\d+:[^}]+\}/g, ' ').replace(/'[^']*'/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];

describe("GET /events/list's SQL", () => {
  it('reads the first page by event time FROM events without FINAL (the listing projection), in the scope, in the order asked, one row past the limit', async () => {
    expect(await selectOf(FIRST_PAGE)).toEqual({
      sql: `SELECT ${COLUMNS} FROM events WHERE project = {p0:String} ORDER BY event_time DESC, id DESC LIMIT {p1:UInt32}`,
      params: { p0: 'default', p1: 101 },
    });
  });

  it.each([
    ['-event_time', 'event_time <= {p1:DateTime64(3, \'UTC\')} AND (event_time, id) < ({p1:DateTime64(3, \'UTC\')}, {p2:UUID}) ORDER BY event_time DESC, id DESC'],
    ['event_time', 'event_time >= {p1:DateTime64(3, \'UTC\')} AND (event_time, id) > ({p1:DateTime64(3, \'UTC\')}, {p2:UUID}) ORDER BY event_time ASC, id ASC'],
    ['-received_at', 'received_at <= {p1:DateTime64(3, \'UTC\')} AND (received_at, id) < ({p1:DateTime64(3, \'UTC\')}, {p2:UUID}) ORDER BY received_at DESC, id DESC'],
    ['received_at', 'received_at >= {p1:DateTime64(3, \'UTC\')} AND (received_at, id) > ({p1:DateTime64(3, \'UTC\')}, {p2:UUID}) ORDER BY received_at ASC, id ASC'],
  ] as const)('continues sort=%s strictly after the last event (its sort value, then its id), with no OFFSET', async (sort, keyset) => {
    const { sql, params } = await selectOf({ ...FIRST_PAGE, sort, limit: 10, after: { sort, time: Date.parse('2024-03-30T14:05:09.120Z'), id: ID } });
    expect(sql).toBe(`SELECT ${COLUMNS} FROM events WHERE project = {p0:String} AND ${keyset} LIMIT {p3:UInt32}`);
    // limit + 1 rows; by received_at an eighth more, rounded up (a page of rows often holds an earlier copy, left out).
    expect(params).toEqual({ p0: 'default', p1: '2024-03-30 14:05:09.120', p2: ID, p3: sort.endsWith('received_at') ? 13 : 11 });
    expect(sql).not.toContain('OFFSET');
  });

  it("filters as GET /events/stats does, the scope's project first, every value bound and only whitelisted words in the SQL", async () => {
    const { sql, params } = await selectOf({
      ...FIRST_PAGE,
      scope: { project: HOSTILE },
      eventNames: [HOSTILE],
      from: new Date('2024-03-29T00:00:00Z'),
      to: new Date('2024-04-03T00:00:00Z'),
      filters: [
        { dimension: { kind: 'column', name: 'country' }, values: [HOSTILE] },
        { dimension: { kind: 'property', name: `property.${HOSTILE}`, key: HOSTILE }, values: [HOSTILE] },
      ],
      after: { sort: '-event_time', time: 1711807509120, id: ID },
    });
    expect(sql).toContain(
      "FROM events WHERE project = {p0:String} AND name IN {p1:Array(String)} AND event_time >= {p2:DateTime64(3, 'UTC')} AND event_time <= {p3:DateTime64(3, 'UTC')} " +
        "AND country IN {p4:Array(String)} AND (position(properties, {p5:String}) > 0 AND if(JSONType(properties, {p6:String}) = 'String', JSONExtractString(properties, {p6:String}), JSONExtractRaw(properties, {p6:String})) IN {p7:Array(String)}) " +
        "AND event_time <= {p8:DateTime64(3, 'UTC')} AND (event_time, id) < ({p8:DateTime64(3, 'UTC')}, {p9:UUID})",
    );
    expect(params).toMatchObject({ p0: HOSTILE, p1: [HOSTILE], p4: [HOSTILE], p5: `${JSON.stringify(HOSTILE)}:${JSON.stringify(HOSTILE)}`, p6: HOSTILE, p7: [HOSTILE], p9: ID });
    expect(wordsOf(sql).filter((word) => !VOCABULARY.has(word))).toEqual([]);
    for (const text of ['OR 1=1', 'DROP', '2024']) expect(sql).not.toContain(text);
  });

  it.each(LISTING_SORTS)("reads only the scope's project for sort=%s, first page and next", async (sort) => {
    for (const after of [undefined, { sort, time: 1711807509120, id: ID }]) {
      const { sent } = await pageOf({ ...FIRST_PAGE, scope: { project: 'other' }, sort, ...(after && { after }) }, [row(A)]);
      for (const { sql, params } of sent) {
        expect(sql).toMatch(/FROM events WHERE project = \{p0:String\}/);
        expect(params.p0).toBe('other');
      }
      // A lookup of copies when a page by received_at has rows (past the cursor, none here).
      expect(sent).toHaveLength(sort.endsWith('received_at') && !after ? 2 : 1);
    }
  });

  it.each(['-received_at', 'received_at'] as const)('reads sort=%s without FINAL, then looks up the latest received_at of each event of the rows by the primary key, every key bound', async (sort) => {
    const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
    const hostile = { ...row(A), name: HOSTILE, channel_type: HOSTILE };
    const { sent } = await pageOf({ ...FIRST_PAGE, sort, limit: 2 }, [hostile, row(B, '2024-03-30 14:05:11.000', '2024-03-01 00:00:00.000')]);
    expect(sent.map(({ sql }) => sql)).toEqual([
      `SELECT ${COLUMNS} FROM events WHERE project = {p0:String} ORDER BY received_at ${direction}, id ${direction} LIMIT {p1:UInt32}`,
      `${LOOKUP} FROM events WHERE project = {p0:String} AND (name, channel_type, event_time, id) IN {p1:Array(Tuple(String, String, DateTime64(3, 'UTC'), UUID))} GROUP BY name, channel_type, event_time, id`,
    ]);
    expect(sent[1].params).toEqual({
      p0: 'default',
      p1: [new TupleParam([HOSTILE, HOSTILE, '2024-03-30 14:05:09.120', A]), new TupleParam(['purchase', 'web', '2024-03-01 00:00:00.000', B])],
    });
    expect(wordsOf(sent[1].sql).filter((word) => !VOCABULARY.has(word))).toEqual([]);
  });

  it("looks up the copies whatever the listing's filters: a later copy that the filters leave out still moves its event", async () => {
    const { sent } = await pageOf({ ...FIRST_PAGE, sort: 'received_at', eventNames: ['purchase'], from: new Date('2024-03-29T00:00:00Z'), filters: [{ dimension: { kind: 'column', name: 'country' }, values: ['DE'] }] }, [row(A)]);
    expect(sent[0].sql).toContain('AND country IN');
    expect(sent[1].sql).toBe(
      `${LOOKUP} FROM events WHERE project = {p0:String} AND (name, channel_type, event_time, id) IN {p1:Array(Tuple(String, String, DateTime64(3, 'UTC'), UUID))} GROUP BY name, channel_type, event_time, id`,
    );
  });

  it('reads only columns the listing projection holds, and it holds no other', () => {
    expect([...LISTED_COLUMNS].sort()).toEqual([...LISTING_PROJECTION.columns].sort());
  });
});

describe("GET /events/list's copies of an event", () => {
  it('collapses copies next to each other into the one received last, whatever their order', () => {
    const events = collapsedCopies([row(A, '2024-03-30 14:05:10.000'), row(A, '2024-03-30 14:06:00.000'), row(A, '2024-03-30 14:05:30.000'), row(B), row(C)]);
    expect(events.map((event) => [event.id, event.received_at])).toEqual([[A, '2024-03-30 14:06:00.000'], [B, '2024-03-30 14:05:10.000'], [C, '2024-03-30 14:05:10.000']]);
  });

  it('reads more rows while copies leave fewer than limit + 1 events in them, until the events are there', async () => {
    const { sent, rows } = await pageOf({ ...FIRST_PAGE, limit: 2 }, [row(A), row(A), row(A), row(A), row(B), row(B), row(C), row(C)]);
    expect(sent.map((select) => select.params.p1)).toEqual([3, 6, 12]);
    expect(rows.map((event) => event.id)).toEqual([A, B, C]);
  });

  it('stops when the rows run out: the last page', async () => {
    const { sent, rows } = await pageOf({ ...FIRST_PAGE, limit: 2 }, [row(A), row(A)]);
    expect(sent).toHaveLength(1);
    expect(rows.map((event) => event.id)).toEqual([A]);
  });

  const at = (second: number) => `2024-03-30 14:05:${String(second).padStart(2, '0')}.000`;

  it('lists an event by received_at once, at its latest copy: the earlier copies are left out wherever they are, in both directions', async () => {
    // A received at 1 s, and again at 3 s: listed at 3 s.
    const ascending = [row(A, at(1)), row(B, at(2)), row(A, at(3)), row(C, at(4))];
    const first = await pageOf({ ...FIRST_PAGE, sort: 'received_at', limit: 2 }, ascending);
    expect(first.rows.map((event) => [event.id, event.received_at])).toEqual([[B, at(2)], [A, at(3)], [C, at(4)]]);
    // limit + 1 rows and an eighth more (rounded up), and a lookup of their 3 events.
    expect(first.sent.map(({ params }) => (params.p1 instanceof Array ? params.p1.length : params.p1))).toEqual([4, 3]);

    const descending = [...ascending].reverse();
    const newest = await pageOf({ ...FIRST_PAGE, sort: '-received_at', limit: 2 }, descending);
    expect(newest.rows.map((event) => [event.id, event.received_at])).toEqual([[C, at(4)], [A, at(3)], [B, at(2)]]);
    // After B, only A's earlier copy: no event, and no next page.
    const last = await pageOf({ ...FIRST_PAGE, sort: '-received_at', limit: 2, after: { sort: '-received_at', time: Date.parse('2024-03-30T14:05:02Z'), id: B } }, descending);
    expect(last.rows).toEqual([]);
  });

  it.each(['-received_at', 'received_at'] as const)('pages sort=%s through events received many times: each event once, at its latest copy, in the order of that copy', async (sort) => {
    const ids = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`);
    // Event i has i % 3 + 1 copies, received (i * 7 + copy * 11) % 40 seconds in: copies interleaved with other events, some at the same time as another event.
    const stored = ids.flatMap((id, i) => Array.from({ length: (i % 3) + 1 }, (_, copy) => row(id, at((i * 7 + copy * 11) % 40))));
    const descending = sort.startsWith('-');
    const order = (x: ListedRow, y: ListedRow) => (x.received_at === y.received_at ? (x.id < y.id ? -1 : 1) : x.received_at < y.received_at ? -1 : 1) * (descending ? -1 : 1);
    stored.sort(order);
    const latest = ids.map((id) => stored.filter((copy) => copy.id === id).reduce((x, y) => (y.received_at > x.received_at ? y : x))).sort(order);
    for (const limit of [1, 2, 5]) {
      const listed: ListedRow[] = [];
      let after: EventListingQuery['after'];
      for (let pages = 0; pages < 20; pages++) {
        const { rows } = await pageOf({ ...FIRST_PAGE, sort, limit, ...(after && { after }) }, stored);
        listed.push(...rows.slice(0, limit));
        if (rows.length <= limit) break;
        const end = rows[limit - 1];
        after = { sort, time: Date.parse(`${end.received_at.replace(' ', 'T')}Z`), id: end.id };
      }
      expect(listed.map((event) => [event.id, event.received_at])).toEqual(latest.map((event) => [event.id, event.received_at]));
    }
  });

  it('reads limit + 1 rows and an eighth more, then twice as many each time while earlier copies leave fewer than limit + 1 events, at most RECEIPT_READ_MAX a read, each after the last row read', async () => {
    // 2,000 copies of A received 10 to 12 s in, its latest at 20 s, then B: 676 rows, then 1,126 after the last, then the 200 left.
    const received = (i: number) => `2024-03-30 14:05:${10 + Math.floor(i / 1000)}.${String(i % 1000).padStart(3, '0')}`;
    const stored = [...Array.from({ length: 2000 }, (_, i) => row(A, received(i))), row(A, at(20)), row(B, at(21))];
    const { sent, rows } = await pageOf({ ...FIRST_PAGE, sort: 'received_at', limit: 600 }, stored);
    const reads = sent.filter(({ sql }) => !sql.startsWith(LOOKUP));
    expect(reads.map(({ params }) => Object.values(params).at(-1))).toEqual([676, RECEIPT_READ_MAX, RECEIPT_READ_MAX]);
    expect(reads.map(({ params }) => params.p1)).toEqual([676, received(675), received(1801)]);
    // Each event's key once a lookup, however many of its copies the rows hold: A, A, then A and B.
    expect(sent.filter(({ sql }) => sql.startsWith(LOOKUP)).map(({ params }) => (params.p1 as TupleParam[]).length)).toEqual([1, 1, 2]);
    expect(rows.map((event) => [event.id, event.received_at])).toEqual([[A, at(20)], [B, at(21)]]);
  });

  it('reads the largest page, limit 1000, in one read of RECEIPT_READ_MAX rows when its earlier copies are fewer than an eighth of it', async () => {
    const stored = Array.from({ length: 1200 }, (_, i) => row(`00000000-0000-4000-8000-${String(i % 1100).padStart(12, '0')}`, `2024-03-30 14:05:${String(10 + Math.floor(i / 1000)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`));
    const { sent, rows } = await pageOf({ ...FIRST_PAGE, sort: 'received_at', limit: 1000 }, stored);
    expect(RECEIPT_READ_MAX).toBe(1126);
    expect(sent.map(({ params }) => (params.p1 instanceof Array ? params.p1.length : params.p1))).toEqual([RECEIPT_READ_MAX, 1100]);
    expect(rows).toHaveLength(1001);
  });

  it('sends no lookup for an empty page', async () => {
    const { sent, rows } = await pageOf({ ...FIRST_PAGE, sort: 'received_at', limit: 2 }, []);
    expect(sent).toHaveLength(1);
    expect(rows).toEqual([]);
  });
});
