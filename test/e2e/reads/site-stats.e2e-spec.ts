import { Answer, send, settledCount, startPlatform, TestPlatform } from '../../support/platform';

/** Seed 004's curl example, byte for byte. */
const SEED_BODY = '{ "site_id": "site-abc-123", "event_type": "page_view", "path": "/home", "user_id": "user-001", "timestamp": "2025-11-12T10:00:00Z" }';

const view = (site_id: string, path: string, timestamp: string, user_id?: string) => ({ site_id, event_type: 'page_view', path, timestamp, ...(user_id && { user_id }) });

/** site-abc-123 on 2025-11-12, besides the seed's example: three users on /pricing, a user and an anonymous visitor on /blog/post-1, one on /. */
const DAY_VIEWS = [
  view('site-abc-123', '/pricing', '2025-11-12T11:00:00Z', 'u-1'),
  view('site-abc-123', '/pricing', '2025-11-12T11:05:00Z', 'u-2'),
  view('site-abc-123', '/pricing', '2025-11-12T11:10:00Z', 'u-3'),
  view('site-abc-123', '/blog/post-1', '2025-11-12T12:00:00Z', 'u-1'),
  view('site-abc-123', '/blog/post-1', '2025-11-12T12:30:00Z'),
  view('site-abc-123', '/', '2025-11-12T13:00:00Z', 'u-2'),
];
/** Not views of site-abc-123 on 2025-11-12: another event type, another site, the last millisecond before the day and the first after it. */
const OTHER_EVENTS = [
  { site_id: 'site-abc-123', event_type: 'signup_click', path: '/pricing', user_id: 'u-9', timestamp: '2025-11-12T11:01:00Z' },
  view('site-other', '/pricing', '2025-11-12T11:00:00Z', 'u-1'),
  view('site-abc-123', '/pricing', '2025-11-11T23:59:59.999Z', 'u-4'),
  view('site-abc-123', '/pricing', '2025-11-13T00:00:00Z', 'u-5'),
];
/** Twelve paths of one site, /p12 viewed twice: the answer keeps ten. */
const MANY_PATHS = [
  ...Array.from({ length: 12 }, (_, i) => view('site-many-paths', `/p${String(i + 1).padStart(2, '0')}`, `2025-11-12T09:${String(i).padStart(2, '0')}:00Z`, 'u-1')),
  view('site-many-paths', '/p12', '2025-11-12T10:00:00Z', 'u-2'),
];
/** Distinct page_view events: the seed's example (sent twice, one event) and the others. */
const PAGE_VIEWS = 1 + [...DAY_VIEWS, ...OTHER_EVENTS, ...MANY_PATHS].filter((event) => event.event_type === 'page_view').length;

interface ErrorBody {
  statusCode: number;
  errors: Array<{ field: string; reason: string }>;
}

describe('seed 004 (website analytics): GET /stats', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
    const post = async (body: string) => expect((await send(`${platform.gatewayUrl}/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(200);
    await post(SEED_BODY);
    await post(SEED_BODY);
    for (const event of [...DAY_VIEWS, ...OTHER_EVENTS, ...MANY_PATHS]) await post(JSON.stringify(event));
    await settledCount(platform, 'page_view', PAGE_VIEWS);
    await settledCount(platform, 'signup_click', 1);
  });

  afterAll(() => platform?.stop());

  const stats = <T = unknown>(query: string): Promise<Answer<T>> => send<T>(`${platform.queryUrl}/stats?${query}`);

  it("answers the example's query in seed 004's shape: views counted once, users, paths by views then by path", async () => {
    const answer = await stats('site_id=site-abc-123&date=2025-11-12');
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toBe(
      '{"site_id":"site-abc-123","date":"2025-11-12","total_views":7,"unique_users":4,' +
        '"top_paths":[{"path":"/pricing","views":3},{"path":"/blog/post-1","views":2},{"path":"/","views":1},{"path":"/home","views":1}]}',
    );
  });

  it('counts a UTC day from its first millisecond to its last', async () => {
    for (const date of ['2025-11-11', '2025-11-13']) {
      expect((await stats(`site_id=site-abc-123&date=${date}`)).body).toEqual({ site_id: 'site-abc-123', date, total_views: 1, unique_users: 1, top_paths: [{ path: '/pricing', views: 1 }] });
    }
  });

  it('keeps the ten most viewed paths, and counts every view in the totals', async () => {
    const answer = await stats('site_id=site-many-paths&date=2025-11-12');
    expect(answer.body).toEqual({
      site_id: 'site-many-paths',
      date: '2025-11-12',
      total_views: 13,
      unique_users: 2,
      top_paths: [{ path: '/p12', views: 2 }, ...['/p01', '/p02', '/p03', '/p04', '/p05', '/p06', '/p07', '/p08', '/p09'].map((path) => ({ path, views: 1 }))],
    });
  });

  it('answers zeros and no paths for a day or a site without views', async () => {
    for (const [site_id, date] of [['site-abc-123', '2025-11-14'], ['site-nobody-knows', '2025-11-12']]) {
      const answer = await stats(`site_id=${site_id}&date=${date}`);
      expect([answer.status, JSON.stringify(answer.body)]).toEqual([200, `{"site_id":"${site_id}","date":"${date}","total_views":0,"unique_users":0,"top_paths":[]}`]);
    }
  });

  const DAY_REASON = 'must be a real date written YYYY-MM-DD, such as 2025-11-12, from 2000-01-01 to 2100-01-01';

  it('refuses a query without its parameters in the platform\'s error shape, naming each', async () => {
    const answer = await stats('');
    expect([answer.status, answer.body]).toEqual([
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid request: site_id is required; date is required',
        errors: [
          { field: 'site_id', reason: 'is required' },
          { field: 'date', reason: 'is required' },
        ],
      },
    ]);
  });

  it.each([
    ['site_id=site-abc-123&date=2025-02-30', 'date', DAY_REASON],
    ['site_id=site-abc-123&date=12/11/2025', 'date', DAY_REASON],
    ['site_id=site-abc-123&date=2025-11-12T10:00:00Z', 'date', DAY_REASON],
    ['site_id=&date=2025-11-12', 'site_id', 'must be a non-empty string of at most 256 characters'],
    ['site_id=site-abc-123&date=2025-11-12&path=/home', 'path', 'is not a known field'],
  ])('refuses %s naming %s', async (query, field, reason) => {
    const answer = await stats<ErrorBody>(query);
    expect([answer.status, answer.body.errors]).toEqual([400, [{ field, reason }]]);
  });
});
