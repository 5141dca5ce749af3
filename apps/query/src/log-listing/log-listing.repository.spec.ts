import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { LOG_SORTS, LogQuery } from './log-query';
import { LOG_ORDER_BY, LogListingRepository } from './log-listing.repository';

/** The SELECTs the repository sends, with their parameters, answered by a reader that records them. */
async function selectsOf(query: LogQuery): Promise<Array<{ sql: string; params: Record<string, unknown> }>> {
  const sent: Array<{ sql: string; params: Record<string, unknown> }> = [];
  const reader = {
    rows: async (sql: string, params: Record<string, unknown>) => {
      sent.push({ sql, params });
      return sql.includes('count()') ? [{ total: 0 }] : [];
    },
  } as unknown as ClickHouseEventsReader;
  await new LogListingRepository(reader).findPage({ project: 'shop' }, query);
  return sent;
}

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
  it("reads only the read's project's log-service events with FINAL, the page's rows and the count under the same filter", async () => {
    const [page, count] = await selectsOf({ ...FIRST_PAGE, sort: '-event_name', page: 3, page_size: 10 });
    for (const { sql, params } of [page, count]) {
      expect(sql).toContain("FROM events FINAL WHERE project = {project:String} AND source = 'log-service'");
      expect(params.project).toBe('shop');
    }
    expect(page.sql).toContain('ORDER BY name DESC, event_time DESC, id DESC LIMIT {limit:UInt32} OFFSET {offset:UInt64}');
    expect(page.params).toEqual({ project: 'shop', limit: 10, offset: 20 });
  });

  it('binds the filters as parameters, never in the SQL text', async () => {
    const eventName = "50%_off' OR 1=1 --";
    const [page, count] = await selectsOf({ ...FIRST_PAGE, event_name: eventName, customer_id: -18 });
    for (const { sql, params } of [page, count]) {
      expect(sql).not.toContain(eventName);
      expect(sql).toContain('positionCaseInsensitiveUTF8(name, {event_name:String}) > 0 AND user_id = {customer_id:String}');
      expect(params).toMatchObject({ event_name: eventName, customer_id: '-18' });
    }
  });

  it('leaves out the filters not asked for', async () => {
    const [page] = await selectsOf(FIRST_PAGE);
    expect(page.sql).not.toMatch(/event_name:|customer_id:/);
    expect(page.params).toEqual({ project: 'shop', limit: 20, offset: 0 });
  });
});
