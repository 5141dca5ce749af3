import { waitForWriterCaughtUp } from '../../support/kafka-probe';
import { Answer, metricsOf, postJson, send, settledCount, startPlatform, TestPlatform } from '../../support/platform';

/** Seed 001's README examples, byte for byte as its curl commands send them (`-H "Content-Type: application/json" -d '...'`). */
const SEED_EVENT = `{
    "event_name": "purchase",
    "channel": "web",
    "campaign_id": "summer_sale_2025",
    "user_id": "user123",
    "timestamp": 1732233600,
    "tags": ["mobile", "premium"],
    "metadata": {
      "amount": 99.99,
      "currency": "USD"
    }
  }`;
const SEED_BULK = `{
    "events": [
      {
        "event_name": "purchase",
        "channel": "web",
        "campaign_id": "summer_sale_2025",
        "user_id": "user123",
        "timestamp": 1732233600,
        "tags": ["mobile", "premium"],
        "metadata": {
          "amount": 99.99,
          "currency": "USD"
        }
      },
      {
        "event_name": "view",
        "channel": "mobile",
        "campaign_id": "summer_sale_2025",
        "user_id": "user456",
        "timestamp": 1732233601,
        "tags": ["electronics"],
        "metadata": {
          "product_id": "prod-123"
        }
      }
    ]
  }`;

interface ErrorBody {
  message: string;
  errors: Array<{ field: string; reason: string }>;
}

describe('seed 001 (ClickHouse Event Tracking API) against the gateway', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  const curl = <T>(path: string, body: string): Promise<Answer<T>> =>
    send<T>(`${platform.gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });


  it('takes both README examples and counts each event once, a resend with other metadata included', async () => {
    const one = await curl<{ id: string }>('/events', SEED_EVENT);
    expect(one.status).toBe(202);
    const bulk = await curl<{ ids: string[] }>('/events/bulk', SEED_BULK);
    expect(bulk.status).toBe(202);
    // The bulk example's first event is the single example again: same key, same id.
    expect(bulk.body.ids).toEqual([one.body.id, expect.any(String)]);
    expect(bulk.body.ids[1]).not.toBe(one.body.id);

    const resent = await curl<{ id: string }>('/events', SEED_EVENT.replace('"amount": 99.99', '"amount": 5, "coupon": "SUMMER"'));
    expect(resent).toMatchObject({ status: 202, body: { id: one.body.id } });

    expect(await settledCount(platform, 'purchase')).toBe(1);
    expect(await settledCount(platform, 'view')).toBe(1);
    // The README's metrics query, at seed 001's path: from and to in Unix seconds, grouped by channel.
    const metrics = await send(`${platform.queryUrl}/metrics?event_name=purchase&from=1732147200&to=1732233600&group_by=channel`);
    expect(metrics).toMatchObject({
      status: 200,
      body: { event_name: 'purchase', total_count: 1, unique_user_count: 1, grouped_metrics: [{ group_key: 'web', total_count: 1, unique_user_count: 1 }] },
    });
    expect((await send(`${platform.queryUrl}/metrics?event_name=purchase&from=1732233601`)).body).toMatchObject({ total_count: 0 });
  });

  it('refuses an invalid event in a bulk request, naming it, and accepts none of the request', async () => {
    const body = JSON.stringify({ events: [JSON.parse(SEED_EVENT), { ...JSON.parse(SEED_EVENT), event_name: 'refund', timestamp: 1732233600000 }] });
    const answer = await curl<ErrorBody>('/events/bulk', body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'events[1].timestamp', reason: expect.stringContaining('milliseconds are not accepted') }]);
    const over = JSON.stringify({ events: Array.from({ length: 1001 }, () => JSON.parse(SEED_EVENT)) });
    expect((await curl<ErrorBody>('/events/bulk', over)).body.errors).toEqual([{ field: 'events', reason: 'has 1001 events, over the limit of 1000' }]);
    await waitForWriterCaughtUp(platform.env);
    expect((await metricsOf(platform, { event_name: 'refund' })).total_count).toBe(0);
  });

  it("still takes seed 000's POST /events next to seed 001's", async () => {
    const event = { name: 'page_view', channel_type: 'web', user_id: 'user-123', timestamp: 1705314600 };
    const first = await postJson<{ id: string }>(`${platform.gatewayUrl}/events`, event);
    const again = await postJson<{ id: string }>(`${platform.gatewayUrl}/events`, event);
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body.id).toBe(first.body.id);
    expect(await settledCount(platform, 'page_view')).toBe(1);
  });

  it('refuses a body matching neither shape with a 400 naming the closest', async () => {
    const nearSeed001 = await postJson<ErrorBody>(`${platform.gatewayUrl}/events`, { event_name: 'purchase', channel: 'web' });
    expect(nearSeed001.status).toBe(400);
    expect(nearSeed001.body.message).toContain('read as ClickHouse Event Tracking API (seed 001), the shape it is closest to');
    expect(nearSeed001.body.errors).toEqual([
      { field: 'user_id', reason: 'is required' },
      { field: 'timestamp', reason: 'is required' },
    ]);

    const nearSeed000 = await postJson<ErrorBody>(`${platform.gatewayUrl}/events`, { name: 'page_view', channel_type: 'fax' });
    expect(nearSeed000.status).toBe(400);
    expect(nearSeed000.body.message).toContain("read as Tributary's own API (seed 000), the shape it is closest to");
    expect(nearSeed000.body.errors).toEqual([{ field: 'channel_type', reason: expect.stringContaining('must be one of') }]);
  });
});
