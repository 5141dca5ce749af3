import { Answer, send, settledCount, startPlatform, TestPlatform } from '../../support/platform';

const ADDRESSES = { DE: ['193.99.144.80', '217.0.0.1', '194.25.0.1'], US: ['8.8.8.8', '151.101.1.1'], FR: ['80.67.169.12'] };

/** A Segment track call: its messageId is its identity, its timestamp its time (no sentAt: no clock correction). */
function track(messageId: string, event: string, timestamp: string, user: { userId: string } | { anonymousId: string }, context: Record<string, unknown> = {}, properties: Record<string, unknown> = {}, channel?: string) {
  return { type: 'track', messageId, event, timestamp, ...user, ...(channel && { channel }), context, properties };
}

const device = (ip: string, type: string, os: string, locale?: string) => ({ ip, device: { type }, os: { name: os }, ...(locale && { locale }) });

/**
 * Five purchases around the night Europe/Berlin moves its clocks forward (2024-03-31, 02:00 → 03:00),
 * two signups, two pings either side of the skipped hour, and one on the day America/Santiago
 * begins at 01:00 (2024-09-08).
 */
const PURCHASES = [
  track('p1', 'purchase', '2024-03-29T10:00:00Z', { userId: 'u1' }, device(ADDRESSES.DE[0], 'mobile', 'iOS', 'de-DE'), { plan: 'pro', seats: 3, trial: false }, 'mobile'),
  // 00:30 on the 31st in Berlin, still the 30th in UTC.
  track('p2', 'purchase', '2024-03-30T23:30:00Z', { userId: 'u2' }, device(ADDRESSES.DE[1], 'desktop', 'Windows', 'en-GB'), { plan: 'free' }, 'browser'),
  // 00:30 on 1 April in Berlin, still 31 March in UTC.
  track('p3', 'purchase', '2024-03-31T22:30:00Z', { userId: 'u1' }, device(ADDRESSES.US[0], 'mobile', 'Android'), { plan: 'pro', seats: 3 }, 'mobile'),
  track('p4', 'purchase', '2024-04-02T09:00:00Z', { anonymousId: 'a1' }, device(ADDRESSES.FR[0], 'desktop', 'macOS'), { plan: 'pro', seats: 10 }, 'browser'),
  track('p5', 'purchase', '2024-04-02T09:30:00Z', { userId: 'u3' }, device(ADDRESSES.DE[2], 'mobile', 'iOS'), { plan: 'pro', trial: true }, 'mobile'),
];
const OTHERS = [
  track('s1', 'signup', '2024-03-30T12:00:00Z', { userId: 'u4' }, device(ADDRESSES.US[1], 'desktop', 'Windows'), { plan: 'free' }),
  track('s2', 'signup', '2024-04-02T10:00:00Z', { userId: 'u1' }, device(ADDRESSES.DE[0], 'mobile', 'iOS')),
  track('d1', 'dst_ping', '2024-03-31T00:30:00Z', { userId: 'u5' }),
  track('d2', 'dst_ping', '2024-03-31T01:15:00Z', { userId: 'u5' }),
  track('c1', 'chile_ping', '2024-09-08T16:00:00Z', { userId: 'u6' }),
];
/** The same purchases sent again, as an SDK's retry sends them: each must count once. */
const RETRIED = [PURCHASES[0], PURCHASES[4]];

const BERLIN_WEEK = { tz: 'Europe/Berlin', from: '2024-03-29T00:00:00+01:00', to: '2024-04-03T23:59:59+02:00' };

interface Group {
  [key: string]: string | number;
  total_count: number;
  unique_user_count: number;
}

interface Stats {
  event_names: string[];
  from: string | null;
  to: string | null;
  tz: string;
  group_by: string[];
  total_count: number;
  unique_user_count: number;
  groups_total: number;
  groups: Group[];
  approximate: boolean;
}

interface ErrorBody {
  statusCode: number;
  errors: Array<{ field: string; reason: string }>;
}

const counts = (total_count: number, unique_user_count = total_count) => ({ total_count, unique_user_count });

describe('GET /events/stats: filters, groups, time buckets in a zone, top N', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
    // Keys are off (the default): the key is not looked at, and every event is project default.
    const authorization = `Basic ${Buffer.from('shop:').toString('base64')}`;
    for (const batch of [[...PURCHASES, ...OTHERS], RETRIED]) {
      const answer = await send(`${platform.gatewayUrl}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ batch }) });
      expect(answer.status).toBe(200);
    }
    await settledCount(platform, 'purchase', PURCHASES.length);
    for (const [name, count] of [['signup', 2], ['dst_ping', 2], ['chile_ping', 1]] as const) await settledCount(platform, name, count);
  });

  afterAll(() => platform?.stop());

  /** The parameters as a client writes them: repeated ones repeated, `+` of an offset escaped. */
  const get = <T = Stats>(params: Array<[string, string]>): Promise<Answer<T>> => send<T>(`${platform.queryUrl}/events/stats?${new URLSearchParams(params)}`);

  async function stats(params: Array<[string, string]>): Promise<Stats> {
    const answer = await get(params);
    expect([answer.status, answer.body]).toEqual([200, expect.anything()]);
    return answer.body;
  }

  const purchases = (...params: Array<[string, string]>) => stats([['event_name', 'purchase'], ...params]);
  const entriesOf = (range: Record<string, string>) => Object.entries(range) as Array<[string, string]>;

  it('counts each purchase once, however often it was sent, and users by user_id, else the anonymous id', async () => {
    expect(await purchases()).toEqual({
      event_names: ['purchase'],
      from: null,
      to: null,
      tz: 'UTC',
      group_by: [],
      ...counts(5, 4),
      groups_total: 0,
      groups: [],
      approximate: false,
    });
    expect(await stats([['event_name', 'purchase'], ['event_name', 'signup']])).toMatchObject({ event_names: ['purchase', 'signup'], ...counts(7, 5) });
    expect(await stats([['filter', 'project:default']])).toMatchObject(counts(10, 7));
  });

  it.each([
    [[['filter', 'country:DE']], counts(3)],
    [[['filter', 'country:DE'], ['filter', 'country:US']], counts(4, 3)],
    [[['filter', 'country:DE'], ['filter', 'device_category:mobile']], counts(2)],
    [[['filter', 'os:iOS'], ['filter', 'language:de-DE']], counts(1)],
    [[['filter', 'language:']], counts(3)],
    [[['filter', 'channel:browser']], counts(2)],
    [[['filter', 'property.plan:pro']], counts(4, 3)],
    [[['filter', 'property.seats:3']], counts(2, 1)],
    [[['filter', 'property.trial:true']], counts(1)],
    [[['filter', 'property.trial:false']], counts(1)],
    [[['filter', 'property.plan:pro'], ['filter', 'country:FR']], counts(1)],
    [[['filter', "country:DE' OR 1=1 --"]], counts(0)],
  ] as Array<[Array<[string, string]>, ReturnType<typeof counts>]>)('filters %j', async (filters, expected) => {
    expect(await purchases(...filters)).toMatchObject(expected);
  });

  it('groups by a dimension, largest first, then by value; limit keeps the top ones and groups_total counts them all', async () => {
    const byCountry = [{ country: 'DE', ...counts(3) }, { country: 'FR', ...counts(1) }, { country: 'US', ...counts(1) }];
    expect(await purchases(['group_by', 'country'])).toMatchObject({ group_by: ['country'], ...counts(5, 4), groups_total: 3, groups: byCountry });
    expect(await purchases(['group_by', 'country'], ['limit', '2'])).toMatchObject({ groups_total: 3, groups: byCountry.slice(0, 2) });
    expect((await purchases(['group_by', 'channel'])).groups).toEqual([{ channel: 'mobile', ...counts(3, 2) }, { channel: 'browser', ...counts(2) }]);
    expect((await purchases(['group_by', 'os'])).groups).toEqual([{ os: 'iOS', ...counts(2) }, { os: 'Android', ...counts(1) }, { os: 'Windows', ...counts(1) }, { os: 'macOS', ...counts(1) }]);
    expect((await stats([['filter', 'project:default'], ['group_by', 'name']])).groups).toEqual([
      { name: 'purchase', ...counts(5, 4) },
      { name: 'dst_ping', ...counts(2, 1) },
      { name: 'signup', ...counts(2) },
      { name: 'chile_ping', ...counts(1) },
    ]);
  });

  it("groups by a property: a string as itself, a number as its JSON, '' where the event has none", async () => {
    expect((await purchases(['group_by', 'property.seats'])).groups).toEqual([
      { 'property.seats': '', ...counts(2) },
      { 'property.seats': '3', ...counts(2, 1) },
      { 'property.seats': '10', ...counts(1) },
    ]);
    expect((await purchases(['group_by', "property.it's"])).groups).toEqual([{ "property.it's": '', ...counts(5, 4) }]);
  });

  it('groups by two dimensions', async () => {
    expect(await purchases(['group_by', 'country,device_category'])).toMatchObject({
      group_by: ['country', 'device_category'],
      groups_total: 4,
      groups: [
        { country: 'DE', device_category: 'mobile', ...counts(2) },
        { country: 'DE', device_category: 'desktop', ...counts(1) },
        { country: 'FR', device_category: 'desktop', ...counts(1) },
        { country: 'US', device_category: 'mobile', ...counts(1) },
      ],
    });
  });

  it("buckets days in the zone, across its change of offset, the empty ones at zero, the range's bounds echoed in UTC", async () => {
    expect(await purchases(['group_by', 'day'], ...entriesOf(BERLIN_WEEK))).toEqual({
      event_names: ['purchase'],
      from: '2024-03-28T23:00:00Z',
      to: '2024-04-03T21:59:59Z',
      tz: 'Europe/Berlin',
      group_by: ['day'],
      ...counts(5, 4),
      groups_total: 6,
      groups: [
        { day: '2024-03-29T00:00:00+01:00', ...counts(1) },
        { day: '2024-03-30T00:00:00+01:00', ...counts(0) },
        { day: '2024-03-31T00:00:00+01:00', ...counts(1) },
        { day: '2024-04-01T00:00:00+02:00', ...counts(1) },
        { day: '2024-04-02T00:00:00+02:00', ...counts(2) },
        { day: '2024-04-03T00:00:00+02:00', ...counts(0) },
      ],
      approximate: false,
    });
    const utc = await purchases(['group_by', 'day'], ['from', '2024-03-29T00:00:00Z'], ['to', '2024-04-03T23:59:59Z']);
    expect(utc.groups.map((day) => [day.day, day.total_count])).toEqual([
      ['2024-03-29T00:00:00+00:00', 1],
      ['2024-03-30T00:00:00+00:00', 1],
      ['2024-03-31T00:00:00+00:00', 1],
      ['2024-04-01T00:00:00+00:00', 0],
      ['2024-04-02T00:00:00+00:00', 2],
      ['2024-04-03T00:00:00+00:00', 0],
    ]);
  });

  it('answers the first limit buckets of a series, and how many it has', async () => {
    const answer = await purchases(['group_by', 'day'], ['limit', '2'], ...entriesOf(BERLIN_WEEK));
    expect([answer.groups_total, answer.groups.map((day) => day.day)]).toEqual([6, ['2024-03-29T00:00:00+01:00', '2024-03-30T00:00:00+01:00']]);
  });

  it('has no 02:00 on the night the clocks go forward', async () => {
    const answer = await stats([['event_name', 'dst_ping'], ['group_by', 'hour'], ['tz', 'Europe/Berlin'], ['from', '2024-03-31T00:00:00+01:00'], ['to', '2024-03-31T04:59:59+02:00']]);
    expect(answer.groups).toEqual([
      { hour: '2024-03-31T00:00:00+01:00', ...counts(0) },
      { hour: '2024-03-31T01:00:00+01:00', ...counts(1) },
      { hour: '2024-03-31T03:00:00+02:00', ...counts(1) },
      { hour: '2024-03-31T04:00:00+02:00', ...counts(0) },
    ]);
  });

  it('begins a day when the zone says it begins: 01:00 on the day Santiago skips midnight', async () => {
    const answer = await stats([['event_name', 'chile_ping'], ['group_by', 'day'], ['tz', 'America/Santiago'], ['from', '2024-09-07T00:00:00-04:00'], ['to', '2024-09-09T23:59:59-03:00']]);
    expect(answer.groups).toEqual([
      { day: '2024-09-07T00:00:00-04:00', ...counts(0) },
      { day: '2024-09-08T01:00:00-03:00', ...counts(1) },
      { day: '2024-09-09T00:00:00-03:00', ...counts(0) },
    ]);
  });

  it("buckets weeks from Monday, months from the 1st, minutes, and without a range runs from the first event's bucket to the last's", async () => {
    expect((await purchases(['group_by', 'week'], ['tz', 'Europe/Berlin'])).groups).toEqual([
      { week: '2024-03-25T00:00:00+01:00', ...counts(2) },
      { week: '2024-04-01T00:00:00+02:00', ...counts(3) },
    ]);
    expect((await purchases(['group_by', 'month'], ['tz', 'Europe/Berlin'])).groups).toEqual([
      { month: '2024-03-01T00:00:00+01:00', ...counts(2) },
      { month: '2024-04-01T00:00:00+02:00', ...counts(3) },
    ]);
    expect((await purchases(['group_by', 'month'])).groups).toEqual([
      { month: '2024-03-01T00:00:00+00:00', ...counts(3, 2) },
      { month: '2024-04-01T00:00:00+00:00', ...counts(2) },
    ]);
    expect((await purchases(['group_by', 'minute'], ['from', '2024-04-02T09:00:00Z'], ['to', '2024-04-02T09:02:59Z'])).groups).toEqual([
      { minute: '2024-04-02T09:00:00+00:00', ...counts(1) },
      { minute: '2024-04-02T09:01:00+00:00', ...counts(0) },
      { minute: '2024-04-02T09:02:00+00:00', ...counts(0) },
    ]);
  });

  it("gives each of the top values of a dimension its whole series of buckets, keyed in group_by's order", async () => {
    const answer = await purchases(['group_by', 'day,country'], ['limit', '2'], ...entriesOf(BERLIN_WEEK));
    expect([answer.group_by, answer.groups_total, answer.total_count]).toEqual([['day', 'country'], 3, 5]);
    // The totals are read apart from the ranking, which counts no users: they are those of the same events without group_by.
    const whole = await purchases(...entriesOf(BERLIN_WEEK));
    expect(whole.unique_user_count).toBeGreaterThan(0);
    expect([answer.total_count, answer.unique_user_count]).toEqual([whole.total_count, whole.unique_user_count]);
    expect(Object.keys(answer.groups[0])).toEqual(['day', 'country', 'total_count', 'unique_user_count']);
    expect(answer.groups.map((group) => [group.country, group.day.toString().slice(0, 10), group.total_count])).toEqual([
      ['DE', '2024-03-29', 1],
      ['DE', '2024-03-30', 0],
      ['DE', '2024-03-31', 1],
      ['DE', '2024-04-01', 0],
      ['DE', '2024-04-02', 1],
      ['DE', '2024-04-03', 0],
      ['FR', '2024-03-29', 0],
      ['FR', '2024-03-30', 0],
      ['FR', '2024-03-31', 0],
      ['FR', '2024-04-01', 0],
      ['FR', '2024-04-02', 1],
      ['FR', '2024-04-03', 0],
    ]);
  });

  it('counts approximately when asked, and says so', async () => {
    const answer = await purchases(['count', 'approximate']);
    expect(answer).toMatchObject({ approximate: true, unique_user_count: 4 });
    // Copies not merged yet count too: the two purchases sent twice may be there twice.
    expect(answer.total_count).toBeGreaterThanOrEqual(5);
    expect(answer.total_count).toBeLessThanOrEqual(7);
  });

  const GROUP_BY_REASON =
    'must be one or two comma-separated entries, each one of name, channel, source, kind, project, country, device_category, device_brand, device_model, ' +
    'os, os_version, browser, browser_version, language, app_id, app_version, path, referrer, site, or property.<key> (a key of 1 to 128 characters without , or :), ' +
    'or a time bucket: minute, hour, day, week, month (at most one time bucket)';
  const FILTER_REASON =
    'must be <dimension>:<value>, such as country:DE or property.plan:pro, the dimension one of name, channel, source, kind, project, country, device_category, ' +
    'device_brand, device_model, os, os_version, browser, browser_version, language, app_id, app_version, path, referrer, site, or property.<key> ' +
    '(a key of 1 to 128 characters without , or :), the value at most 1024 characters; at most 20 filters';

  it.each([
    [[['event_name', '']], 'event_name', 'must be event names of 1 to 128 characters, at most 100 (event_name=a&event_name=b)'],
    [[['from', '2024-02-30']], 'from', 'must be a real date, ISO 8601 such as 2024-01-01T00:00:00Z (UTC when no zone is given), or Unix seconds'],
    [[['to', 'yesterday']], 'to', 'must be a real date, ISO 8601 such as 2024-01-01T00:00:00Z (UTC when no zone is given), or Unix seconds'],
    [[['from', '2024-04-02'], ['to', '2024-04-01']], 'to', 'must not be before from'],
    [[['tz', 'Mars/Olympus']], 'tz', 'must be an IANA time zone name, such as UTC, Europe/Berlin or America/New_York'],
    [[['filter', 'colour:red']], 'filter', `${FILTER_REASON} (refused: "colour:red")`],
    [[['group_by', 'colour']], 'group_by', GROUP_BY_REASON],
    [[['group_by', 'day,hour']], 'group_by', GROUP_BY_REASON],
    [[['group_by', 'country,os,day']], 'group_by', GROUP_BY_REASON],
    [[['group_by', 'os,os']], 'group_by', 'must not name os twice'],
    [
      [['group_by', 'minute'], ['from', '2024-01-01T00:00:00Z'], ['to', '2024-03-01T00:00:00Z']],
      'group_by',
      'minute buckets from 2024-01-01T00:00:00Z to 2024-03-01T00:00:00Z are more than 10000: choose a longer time bucket or a shorter range (from, to)',
    ],
    [[['limit', '0']], 'limit', 'must be an integer from 1 to 10000'],
    [[['limit', '10001']], 'limit', 'must be an integer from 1 to 10000'],
    [[['count', 'fast']], 'count', 'must be one of exact, approximate'],
    [[['colour', 'red']], 'colour', 'is not a known field'],
  ] as Array<[Array<[string, string]>, string, string]>)('refuses %j naming %s', async (params, field, reason) => {
    const answer = await get<ErrorBody>(params);
    expect([answer.status, answer.body.errors]).toEqual([400, [{ field, reason }]]);
  });
});
