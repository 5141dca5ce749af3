import { LISTING_PROJECTION } from '@tributary/platform';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { DIMENSION_NAMES, DIMENSIONS } from '../event-stats/dimensions';
import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { collapsedCopies, EventListingRepository, LISTED_COLUMNS, ListedRow } from './event-listing.repository';
import { EventListingQuery, LISTING_SORTS } from './listing-query';

interface Select {
  sql: string;
  params: Record<string, unknown>;
}

/** The statements a page sends, and its rows, `stored` answering each statement (by its LIMIT). */
async function pageOf(query: EventListingQuery, stored: ListedRow[] = []): Promise<{ sent: Select[]; rows: ListedRow[] }> {
  const sent: Select[] = [];
  const rows = async (sql: string, params: Record<string, unknown>) => {
    const select = { sql: sql.replace(/\s+/g, ' ').trim(), params };
    sent.push(select);
    return stored.slice(0, Number(Object.values(params).at(-1)));
  };
  return { sent, rows: await new EventListingRepository({ rows } as unknown as ClickHouseEventsReader).page(query) };
}

async function selectOf(query: EventListingQuery): Promise<Select> {
  return (await pageOf(query)).sent[0];
}

const row = (id: string, received_at = '2024-03-30 14:05:10.000'): ListedRow =>
  ({ ...Object.fromEntries(LISTED_COLUMNS.map((column) => [column, ''])), id, event_time: '2024-03-30 14:05:09.120', received_at }) as ListedRow;

const HOSTILE = "x') OR 1=1; DROP TABLE events; --";
const ID = '0b9e5f3e-1b2c-4d4e-9f00-112233445566';
const FIRST_PAGE: EventListingQuery = { scope: OPEN_READ_SCOPE, eventNames: [], filters: [], sort: '-event_time', limit: 100 };
const COLUMNS = LISTED_COLUMNS.join(', ');

/** Every word the SQL may hold: keywords, functions, the columns it reads. */
const VOCABULARY = new Set([
  ...'SELECT FROM WHERE AND IN FINAL ORDER BY ASC DESC LIMIT if JSONType JSONExtractString JSONExtractRaw'.split(' '),
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
    expect(sql).toBe(`SELECT ${COLUMNS} FROM ${sort.endsWith('received_at') ? 'events FINAL' : 'events'} WHERE project = {p0:String} AND ${keyset} LIMIT {p3:UInt32}`);
    expect(params).toEqual({ p0: 'default', p1: '2024-03-30 14:05:09.120', p2: ID, p3: 11 });
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
        "AND country IN {p4:Array(String)} AND if(JSONType(properties, {p5:String}) = 'String', JSONExtractString(properties, {p5:String}), JSONExtractRaw(properties, {p5:String})) IN {p6:Array(String)} " +
        "AND event_time <= {p7:DateTime64(3, 'UTC')} AND (event_time, id) < ({p7:DateTime64(3, 'UTC')}, {p8:UUID})",
    );
    expect(params).toMatchObject({ p0: HOSTILE, p1: [HOSTILE], p4: [HOSTILE], p5: HOSTILE, p6: [HOSTILE], p8: ID });
    expect(wordsOf(sql).filter((word) => !VOCABULARY.has(word))).toEqual([]);
    for (const text of ['OR 1=1', 'DROP', '2024']) expect(sql).not.toContain(text);
  });

  it.each(LISTING_SORTS)("reads only the scope's project for sort=%s, first page and next", async (sort) => {
    for (const after of [undefined, { sort, time: 1711807509120, id: ID }]) {
      const { sql, params } = await selectOf({ ...FIRST_PAGE, scope: { project: 'other' }, sort, ...(after && { after }) });
      expect(sql).toMatch(/FROM events( FINAL)? WHERE project = \{p0:String\}/);
      expect(params.p0).toBe('other');
    }
  });

  it('reads only columns the listing projection holds, and it holds no other', () => {
    expect([...LISTED_COLUMNS].sort()).toEqual([...LISTING_PROJECTION.columns].sort());
  });
});

describe("GET /events/list's copies of an event", () => {
  const A = '00000000-0000-4000-8000-00000000000a';
  const B = '00000000-0000-4000-8000-00000000000b';
  const C = '00000000-0000-4000-8000-00000000000c';

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

  it.each(['-received_at', 'received_at'] as const)('reads sort=%s FINAL, once: the copies of an event have different received_at', async (sort) => {
    const { sent } = await pageOf({ ...FIRST_PAGE, sort, limit: 2 }, [row(A), row(B), row(C)]);
    expect(sent).toHaveLength(1);
    expect(sent[0].sql).toContain('FROM events FINAL');
  });
});
