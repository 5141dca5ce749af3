import { waitForWriterCaughtUp } from '../../support/kafka-probe';
import { Answer, metricsOf, send, settledCount, startPlatform, TestPlatform } from '../../support/platform';

/** Seed 002's example 1: `BODY='...'; curl -d "$BODY" localhost:3050/api/write`, byte for byte. */
const SEED_BODY = '{"event_name":"new customer","description":"account was created for a given identity", "customer_id":18}';
/** What `curl -d` says it sends. */
const CURL_FORM_TYPE = 'application/x-www-form-urlencoded';

/** RFC 3339 in UTC as Go prints a time.Time: no trailing zeros in the fraction. */
const GO_UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,8}[1-9])?Z$/;

interface LogAnswer {
  log: { created_at: string; event_name: string; description: string; customer_id?: number };
}

describe('seed 002 (log service) against the gateway', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  const curl = <T = LogAnswer>(body: string, contentType = CURL_FORM_TYPE): Promise<Answer<T>> =>
    send<T>(`${platform.gatewayUrl}/api/write`, { method: 'POST', headers: { 'content-type': contentType }, body });


  it("answers example 1 as seed 002 shows it, dated at its receipt, and counts it once", async () => {
    const before = Date.now();
    const answer = await curl(SEED_BODY);
    const after = Date.now();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(answer.body)).toEqual(['log']);
    expect(Object.keys(answer.body.log)).toEqual(['created_at', 'event_name', 'description', 'customer_id']);
    expect(answer.body.log).toMatchObject({ event_name: 'new customer', description: 'account was created for a given identity', customer_id: 18 });
    expect(answer.body.log.created_at).toMatch(GO_UTC_TIME);
    const createdAt = Date.parse(answer.body.log.created_at);
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(after);

    expect(await settledCount(platform, 'new customer')).toBe(1);
    expect((await metricsOf(platform, { event_name: 'new customer' })).unique_user_count).toBe(1);
  });

  it('counts a log with its own created_at once however often it is sent, at that time', async () => {
    const body = '{"event_name":"user_signed_in","description":"a new user has code","created_at":"2022-11-14T21:01:56.49855523Z"}';
    const first = await curl(body);
    const again = await curl(body, 'application/json');
    for (const answer of [first, again]) {
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body)).toBe('{"log":{"created_at":"2022-11-14T21:01:56.49855523Z","event_name":"user_signed_in","description":"a new user has code"}}');
    }
    expect(await settledCount(platform, 'user_signed_in', 1, { from: '2022-11-14T21:01:56Z', to: '2022-11-14T21:01:57Z' })).toBe(1);
    expect((await metricsOf(platform, { event_name: 'user_signed_in' })).total_count).toBe(1);
  });

  it('refuses an invalid log with a 400 naming each field, and stores nothing', async () => {
    const answer = await curl<{ errors: Array<{ field: string; reason: string }> }>('{"event_name":"broken","customer_id":"18","created_at":"2022-11-14"}');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'description', reason: 'is required' },
      { field: 'created_at', reason: expect.stringContaining('must be an RFC 3339 date-time') },
      { field: 'customer_id', reason: expect.stringContaining('must be an integer') },
    ]);
    const notJson = await curl<{ errors: Array<{ field: string }> }>('event_name=broken&description=x');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].field).toBe('body');
    await waitForWriterCaughtUp(platform.env);
    expect((await metricsOf(platform, { event_name: 'broken' })).total_count).toBe(0);
  });
});
