import { createClient } from '@clickhouse/client';
import { fillEvents } from '../../../bench/phases/fill-events';
import { Answer, postJson, send, settledCount, startPlatform, storedCommand, storedRows, TestPlatform } from '../../support/platform';

/** Seed 002's logs as its read examples show them: example 1's body with the created_at its answer printed, and the sign-in of example 2. */
const NEW_CUSTOMER = '{"event_name":"new customer","description":"account was created for a given identity", "customer_id":18,"created_at":"2022-11-14T21:32:26.49855523Z"}';
const SIGNED_IN = '{"event_name":"user_signed_in","description":"a new user has code","created_at":"2022-11-14T21:01:56Z"}';
/** Seed 002's example 1, byte for byte: dated at its receipt. */
const EXAMPLE_1 = '{"event_name":"new customer","description":"account was created for a given identity", "customer_id":18}';

interface Log {
  id: number;
  created_at: string;
  event_name: string;
  description: string;
  customer_id?: number;
}

interface LogListing {
  logs: Log[];
  metadata: { current_page: number; page_size: number; first_page: number; last_page: number; total_records: number };
}

/** The answer's text with each log's id (a number derived from the stored event) written N, to compare with the seed's. */
const withIdsAsN = (body: unknown) => JSON.stringify(body).replace(/"id":\d+,/g, '"id":N,');

describe('seed 002 (log service): GET /api/read', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  /** As seed 002's clients write: `curl -d "$BODY" …/api/write`. */
  async function writeLog(body: string): Promise<{ created_at: string }> {
    const answer = await send<{ log: { created_at: string } }>(`${platform.gatewayUrl}/api/write`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(answer.status).toBe(200);
    return answer.body.log;
  }

  const read = <T = LogListing>(query: string): Promise<Answer<T>> => send<T>(`${platform.queryUrl}/api/read?${query}`);

  async function logsOf(query: string): Promise<LogListing> {
    const answer = await read(query);
    expect(answer.status).toBe(200);
    return answer.body;
  }

  // Seed 002's examples 2 and 3 count every log stored: these run before any other log is written.
  describe("seed 002's examples", () => {
    beforeAll(async () => {
      await writeLog(SIGNED_IN);
      await writeLog(SIGNED_IN);
      await writeLog(NEW_CUSTOMER);
      // Another source's event of the same name: not a log.
      expect((await postJson(`${platform.gatewayUrl}/events`, { name: 'user_signed_in', channel_type: 'web', timestamp: 1668459716 })).status).toBe(202);
      await settledCount(platform, 'user_signed_in', 2);
      await settledCount(platform, 'new customer', 1);
    });

    it('answers example 2 (sort=created_at&event_name=user) as seed 002 prints it, the log sent twice listed once', async () => {
      const answer = await read('sort=created_at&event_name=user');
      expect(answer.status).toBe(200);
      expect(withIdsAsN(answer.body)).toBe(
        '{"logs":[{"id":N,"created_at":"2022-11-14T21:01:56Z","event_name":"user_signed_in","description":"a new user has code"}],' +
          '"metadata":{"current_page":1,"page_size":20,"first_page":1,"last_page":1,"total_records":1}}',
      );
    });

    it('answers example 3 (sort=-event_name&page_size=1&page=2) as seed 002 prints it', async () => {
      const answer = await read('sort=-event_name&page_size=1&page=2');
      expect(answer.status).toBe(200);
      expect(withIdsAsN(answer.body)).toBe(
        '{"logs":[{"id":N,"created_at":"2022-11-14T21:32:26Z","event_name":"new customer","description":"account was created for a given identity","customer_id":18}],' +
          '"metadata":{"current_page":2,"page_size":1,"first_page":1,"last_page":2,"total_records":2}}',
      );
    });

    it('answers example 4 (sort=time) with its error', async () => {
      const answer = await read('sort=time');
      expect([answer.status, JSON.stringify(answer.body)]).toEqual([400, '{"error":{"sort":"invalid sort value"}}']);
    });

    it('sorts by each field both ways, and gives each log the same id on every read', async () => {
      const order = async (sort: string) => (await logsOf(`sort=${sort}`)).logs.map((log) => log.event_name);
      expect(await order('created_at')).toEqual(['user_signed_in', 'new customer']);
      expect(await order('-created_at')).toEqual(['new customer', 'user_signed_in']);
      expect(await order('event_name')).toEqual(['new customer', 'user_signed_in']);
      expect(await order('-event_name')).toEqual(['user_signed_in', 'new customer']);
      expect((await logsOf('')).logs.map((log) => log.event_name)).toEqual(['user_signed_in', 'new customer']);

      const ids = (await logsOf('sort=created_at')).logs.map((log) => log.id);
      expect(new Set(ids).size).toBe(2);
      expect(ids.every(Number.isSafeInteger)).toBe(true);
      expect((await logsOf('sort=-created_at')).logs.map((log) => log.id)).toEqual([...ids].reverse());
    });

    it('filters by customer_id, by part of event_name in any case, or both; wildcards are plain text', async () => {
      const names = async (query: string) => (await logsOf(query)).logs.map((log) => log.event_name);
      expect(await names('customer_id=18')).toEqual(['new customer']);
      expect(await names('event_name=new&customer_id=18')).toEqual(['new customer']);
      expect(await names('event_name=NEW')).toEqual(['new customer']);
      expect(await names('event_name=_')).toEqual(['user_signed_in']);
      expect(await names('event_name=%25')).toEqual([]);
      expect(await names('event_name=user&customer_id=18')).toEqual([]);
    });

    it('answers an empty list when nothing matches, and a page past the last one empty', async () => {
      expect(JSON.stringify(await logsOf('event_name=nothing_like_it'))).toBe(
        '{"logs":[],"metadata":{"current_page":1,"page_size":20,"first_page":1,"last_page":1,"total_records":0}}',
      );
      expect(await logsOf('customer_id=19')).toEqual({ logs: [], metadata: { current_page: 1, page_size: 20, first_page: 1, last_page: 1, total_records: 0 } });
      expect(await logsOf('page=3&page_size=1')).toEqual({ logs: [], metadata: { current_page: 3, page_size: 1, first_page: 1, last_page: 2, total_records: 2 } });
    });
  });

  describe('pages', () => {
    beforeAll(async () => {
      // Seven logs of customer 7 at the same instant: only the id tells their order.
      for (let run = 1; run <= 5; run++) await writeLog(`{"event_name":"nightly_job","description":"run ${run}","customer_id":7,"created_at":"2024-05-01T00:00:00Z"}`);
      for (let run = 1; run <= 2; run++) await writeLog(`{"event_name":"backup_job","description":"run ${run}","customer_id":7,"created_at":"2024-05-01T00:00:00Z"}`);
      await settledCount(platform, 'nightly_job', 5);
      await settledCount(platform, 'backup_job', 2);
    });

    it.each(['created_at', '-created_at', 'event_name', '-event_name'])('walks sort=%s two logs a page, each log once, in the order of one big page', async (sort) => {
      const all = (await logsOf(`customer_id=7&sort=${sort}&page_size=100`)).logs.map((log) => log.id);
      expect(new Set(all).size).toBe(7);
      const walked: number[] = [];
      for (let page = 1; page <= 4; page++) {
        const { logs, metadata } = await logsOf(`customer_id=7&sort=${sort}&page_size=2&page=${page}`);
        expect(metadata).toEqual({ current_page: page, page_size: 2, first_page: 1, last_page: 4, total_records: 7 });
        walked.push(...logs.map((log) => log.id));
      }
      expect(walked).toEqual(all);
    });

    it.each(['created_at', '-created_at', 'event_name', '-event_name'])(
      'walks sort=%s over stored copies (41 of each log, no merge yet), each log once, in the order FINAL gives',
      async (sort) => {
        const copied = "source = 'log-service' AND user_id = '7'";
        const expected = (await logsOf(`customer_id=7&sort=${sort}&page_size=100`)).logs;
        await storedCommand(platform, 'SYSTEM STOP MERGES events');
        try {
          // One insert of 40 more copies of each of customer 7's logs, kept as they are (no collapse on insert): 287 rows for 7 logs.
          await storedCommand(platform, `INSERT INTO events SELECT events.* FROM events, numbers(40) AS copy WHERE ${copied}`, {}, { optimize_on_insert: 0, insert_deduplicate: 0 });
          const [stored] = await storedRows<{ rows: string }>(platform, `SELECT count() AS rows FROM events WHERE ${copied}`);
          expect(Number(stored.rows)).toBeGreaterThanOrEqual(7 * 41);
          const walked: Log[] = [];
          for (let page = 1; page <= 5; page++) {
            const { logs, metadata } = await logsOf(`customer_id=7&sort=${sort}&page_size=2&page=${page}`);
            expect(metadata).toMatchObject({ current_page: page, last_page: 4, total_records: 7 });
            walked.push(...logs);
          }
          expect(walked).toEqual(expected);
        } finally {
          await storedCommand(platform, 'SYSTEM START MERGES events');
          await storedCommand(platform, 'OPTIMIZE TABLE events FINAL');
        }
      },
    );

    it("dates a log sent without created_at (example 1 byte for byte) at its receipt, to the second", async () => {
      const { created_at } = await writeLog(EXAMPLE_1);
      await settledCount(platform, 'new customer', 2);
      const [latest] = (await logsOf('customer_id=18&sort=-created_at')).logs;
      expect(latest).toEqual({ id: expect.any(Number), created_at: `${created_at.slice(0, 19)}Z`, event_name: 'new customer', description: 'account was created for a given identity', customer_id: 18 });
    });
  });

  describe('invalid parameters', () => {
    it.each([
      ['page=0', { page: 'must be greater than zero' }],
      ['page=two', { page: 'must be an integer value' }],
      ['page=10000001', { page: 'must be a maximum of 10 million' }],
      ['page_size=0', { page_size: 'must be greater than zero' }],
      ['page_size=101', { page_size: 'must be a maximum of 100' }],
      ['page_size=1.5', { page_size: 'must be an integer value' }],
      ['customer_id=eighteen', { customer_id: 'must be an integer value' }],
      ['customer_id=9007199254740992', { customer_id: 'must be a maximum of 9007199254740991' }],
      [`event_name=${'n'.repeat(129)}`, { event_name: 'must be a string of at most 128 characters' }],
      ['sort=', { sort: 'invalid sort value' }],
      ['sort=created_at&sort=event_name', { sort: 'invalid sort value' }],
      ['limit=10', { limit: 'is not a known field' }],
      ['sort=time&page=-1&page_size=1000', { sort: 'invalid sort value', page: 'must be greater than zero', page_size: 'must be a maximum of 100' }],
    ])('answers %s with a 400 in seed 002\'s shape', async (query, error) => {
      const answer = await read(query);
      expect([answer.status, answer.body]).toEqual([400, { error }]);
    });

    it("leaves the query app's other routes in the platform's error shape", async () => {
      const answer = await send(`${platform.queryUrl}/events/metrics?event_name=x&group_by=week`);
      expect([answer.status, answer.body]).toEqual([400, expect.objectContaining({ statusCode: 400, errors: [{ field: 'group_by', reason: 'must be one of channel, daily, hourly' }] })]);
    });
  });

  // After every other test here: it adds about 75,000 logs to those they wrote.
  describe('deep pages, over stored copies', () => {
    const ids = (logs: Log[]) => logs.map(({ id }) => id);
    /** The page's log ids as FINAL orders the logs, each once: what the repository's shortcuts must answer. */
    async function pageByFinal(descending: boolean, offset: number): Promise<number[]> {
      const direction = descending ? 'DESC' : 'ASC';
      const rows = await storedRows<{ log_id: string }>(
        platform,
        `SELECT bitShiftRight(sipHash64(id), 11) AS log_id FROM events FINAL WHERE project = 'default' AND source = 'log-service'
         ORDER BY event_time ${direction}, id ${direction} LIMIT 20 OFFSET {offset:UInt64}`,
        { offset },
      );
      return rows.map(({ log_id }) => Number(log_id));
    }

    beforeAll(async () => {
      const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
      try {
        // The bench's synthetic events over 2025's first 90 days: about 19 % of them are logs.
        await fillEvents(client, 0, 400_000);
      } finally {
        await client.close();
      }
      await storedCommand(platform, 'SYSTEM STOP MERGES events');
      // Two more copies of each log of a middle week and of the last day, not collapsed: FINAL and the pages count each once.
      const copied = "source = 'log-service' AND (toDate(event_time) BETWEEN '2025-02-10' AND '2025-02-17' OR toDate(event_time) = '2025-03-31')";
      await storedCommand(platform, `INSERT INTO events SELECT events.* FROM events, numbers(2) AS copy WHERE ${copied}`, {}, { optimize_on_insert: 0, insert_deduplicate: 0 });
    }, 300_000);

    afterAll(async () => {
      await storedCommand(platform, 'SYSTEM START MERGES events');
    });

    async function expectPagesAsFinal(sort: string, descending: boolean): Promise<void> {
      const [stored] = await storedRows<{ logs: string }>(platform, "SELECT count() AS logs FROM events FINAL WHERE project = 'default' AND source = 'log-service'");
      const { metadata } = await logsOf(`sort=${sort}`);
      expect(metadata.total_records).toBe(Number(stored.logs));
      // Deep enough that the middle page is read from its hour and the last ones backwards (from 10,000 logs in).
      expect(metadata.total_records).toBeGreaterThan(50_000);
      for (const page of [Math.floor(metadata.last_page / 2), metadata.last_page - 100, metadata.last_page - 1, metadata.last_page]) {
        const { logs } = await logsOf(`sort=${sort}&page=${page}`);
        expect([page, ids(logs)]).toEqual([page, await pageByFinal(descending, (page - 1) * 20)]);
        expect(logs.length).toBeGreaterThan(0);
      }
      for (const page of [metadata.last_page + 1, 10_000_000]) expect((await logsOf(`sort=${sort}&page=${page}`)).logs).toEqual([]);
    }

    it.each([['created_at', false], ['-created_at', true]] as const)('answers sort=%s in the middle, near and past the end as FINAL orders the logs', expectPagesAsFinal);

    it.each([['created_at', false], ['-created_at', true]] as const)('answers sort=%s so again once the copies are merged away (the hours counted from the stored rows)', async (sort, descending) => {
      await storedCommand(platform, 'SYSTEM START MERGES events');
      await storedCommand(platform, 'OPTIMIZE TABLE events FINAL');
      const [stored] = await storedRows<{ rows: string; logs: string }>(
        platform,
        "SELECT (SELECT count() FROM events WHERE source = 'log-service') AS rows, (SELECT count() FROM events FINAL WHERE source = 'log-service') AS logs",
      );
      expect(stored.rows).toBe(stored.logs);
      await expectPagesAsFinal(sort, descending);
    });
  });
});
