import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { LOG_SORTS, LogQuery } from './log-query';
import { LOG_ORDER_BY, LogListingRepository } from './log-listing.repository';

type Sent = { sql: string; params: Record<string, unknown> };

/**
 * The SELECTs the repository sends, with their parameters, answered by a reader that records
 * them: the count `total`, each page read the rows `pages` gives for its window (none by default).
 */
async function selectsOf(query: LogQuery, { total = 0, pages = () => [] }: { total?: number; pages?: (window: number) => object[] } = {}): Promise<{ sent: Sent[]; rows: unknown[] }> {
  const sent: Sent[] = [];
  const reader = {
    rows: async (sql: string, params: Record<string, unknown>) => {
      sent.push({ sql: sql.replace(/\s+/g, ' '), params });
      return sql.includes('count() AS total') ? [{ total: String(total) }] : pages(params.window as number);
    },
  } as unknown as ClickHouseEventsReader;
  const { rows } = await new LogListingRepository(reader).findPage({ project: 'shop' }, query);
  return { sent, rows };
}

const log = (n: number, windowRows: number) => ({ log_id: n, event_time: '2022-11-14 21:01:56.498', event_name: 'e', description: '', user_id: '', window_rows: String(windowRows) });

const FIRST_PAGE: LogQuery = { sort: 'created_at', page: 1, page_size: 20 };

describe('the sort whitelist', () => {
  it('has one ORDER BY for each sort seed 002 names, and none other', () => {
    expect(Object.keys(LOG_ORDER_BY).sort()).toEqual([...LOG_SORTS].sort());
  });

  it.each(LOG_SORTS)('orders %s by its column, then by the unique id, all in one direction', (sort) => {
    const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
    const terms = LOG_ORDER_BY[sort].split(', ');
    expect(terms[0]).toBe(`${sort.endsWith('created_at') ? 'event_time' : 'name'} ${direction}`);
    expect(terms.at(-1)).toBe(`id ${direction}`);
    expect(terms.every((term) => term.endsWith(` ${direction}`))).toBe(true);
  });
});

describe("the log listing's SQL", () => {
  it("reads only the read's project's log-service events: the total FINAL, the page in the sort's order without FINAL, each event's copies collapsed before the OFFSET", async () => {
    const { sent } = await selectsOf({ ...FIRST_PAGE, sort: '-event_name', page: 3, page_size: 10 });
    const [count, page] = sent;
    expect(count.sql).toContain("FROM events FINAL WHERE project = {project:String} AND source = 'log-service'");
    expect(page.sql).toContain("FROM events WHERE project = {project:String} AND source = 'log-service' ORDER BY name DESC, event_time DESC, id DESC LIMIT {window:UInt64}");
    expect(page.sql).toContain('ORDER BY name DESC, event_time DESC, id DESC, received_at DESC LIMIT 1 BY id LIMIT {limit:UInt32} OFFSET {offset:UInt64}');
    expect(page.sql).not.toContain('FINAL');
    for (const { params } of [count, page]) expect(params.project).toBe('shop');
    expect(page.params).toEqual({ project: 'shop', limit: 10, offset: 20, window: 30 + 32 });
  });

  it('binds the filters as parameters, never in the SQL text', async () => {
    const eventName = "50%_off' OR 1=1 --";
    const { sent } = await selectsOf({ ...FIRST_PAGE, event_name: eventName, customer_id: -18 });
    for (const { sql, params } of sent) {
      expect(sql).not.toContain(eventName);
      expect(sql).toContain('positionCaseInsensitiveUTF8(name, {event_name:String}) > 0 AND user_id = {customer_id:String}');
      expect(params).toMatchObject({ event_name: eventName, customer_id: '-18' });
    }
  });

  it('leaves out the filters not asked for', async () => {
    const { sent } = await selectsOf(FIRST_PAGE);
    expect(sent[1].sql).not.toMatch(/event_name:|customer_id:/);
    expect(sent[1].params).toEqual({ project: 'shop', limit: 20, offset: 0, window: 52 });
  });
});

describe('the window of rows before a page', () => {
  const page2: LogQuery = { ...FIRST_PAGE, page: 2, page_size: 2 };

  it('is read once when it holds the whole page', async () => {
    const { sent, rows } = await selectsOf(page2, { total: 9, pages: (window) => [log(1, window), log(2, window)] });
    expect(sent).toHaveLength(2);
    expect(rows).toEqual([expect.objectContaining({ log_id: 1 }), expect.objectContaining({ log_id: 2 })]);
    expect(rows[0]).not.toHaveProperty('window_rows');
  });

  it('grows while copies leave the page short of the logs the total says are there', async () => {
    // Copies fill the windows of 36 and 68 rows; the one of 132 holds the page.
    const { sent, rows } = await selectsOf(page2, { total: 9, pages: (window) => (window < 100 ? [log(1, window)] : window < 130 ? [] : [log(1, window), log(2, window)]) });
    expect(sent.slice(1).map(({ params }) => params.window)).toEqual([36, 68, 132]);
    expect(rows).toHaveLength(2);
  });

  it('stops at a short page when the window did not fill: the last page', async () => {
    const { sent, rows } = await selectsOf(page2, { total: 9, pages: () => [log(1, 3)] });
    expect(sent).toHaveLength(2);
    expect(rows).toHaveLength(1);
  });

  it('stops at an empty page past the last log', async () => {
    const { sent, rows } = await selectsOf({ ...page2, page: 9 }, { total: 9, pages: () => [] });
    expect(sent).toHaveLength(2);
    expect(rows).toEqual([]);
  });

  it('grows a bounded number of times', async () => {
    const { sent } = await selectsOf(page2, { total: 1_000_000, pages: () => [] });
    expect(sent).toHaveLength(2 + 10);
  });
});
