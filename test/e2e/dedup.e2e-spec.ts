import { metricsOf, postJson, settledCount, startPlatform, TestPlatform, waitForCount } from '../support/platform';
import { waitForWriterCaughtUp } from '../support/kafka-probe';

describe('the same event sent twice counts once', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  async function sendTwice(event: object): Promise<[string, string]> {
    const first = await postJson<{ id: string }>(`${platform.gatewayUrl}/events`, event);
    const second = await postJson<{ id: string }>(`${platform.gatewayUrl}/events`, event);
    expect([first.status, second.status]).toEqual([202, 202]);
    return [first.body.id, second.body.id];
  }


  it('with an event_id, even without a client time, and sent again later', async () => {
    const event = { event_id: 'order-42', name: 'purchase', channel_type: 'web', user_id: 'u1' };
    const [a, b] = await sendTwice(event);
    expect(b).toBe(a);
    await waitForCount(platform, 'purchase', 1);
    await waitForWriterCaughtUp(platform.env);
    const [c] = await sendTwice({ ...event, channel_type: 'mobile' });
    expect(c).toBe(a);
    expect(await settledCount(platform, 'purchase')).toBe(1);
  });

  it('without an event_id, by its content and its own timestamp', async () => {
    const event = { name: 'signup', channel_type: 'mobile', user_id: 'u2', timestamp: 1705314600 };
    const [a, b] = await sendTwice(event);
    expect(b).toBe(a);
    const reordered = { timestamp: 1705314600, user_id: 'u2', channel_type: 'mobile', name: 'signup' };
    const [c] = await sendTwice(reordered);
    expect(c).toBe(a);
    expect(await settledCount(platform, 'signup')).toBe(1);
  });

  it('twice in one batch', async () => {
    const event = { name: 'share', channel_type: 'tv', user_id: 'u3', date: '2024-02-01T08:00:00Z' };
    const answer = await postJson<{ ids: string[] }>(`${platform.gatewayUrl}/events/batch`, { events: [event, event] });
    expect(answer.status).toBe(202);
    expect(answer.body.ids[1]).toBe(answer.body.ids[0]);
    expect(await settledCount(platform, 'share')).toBe(1);
  });

  it('a full batch of event_ids sent twice counts once each', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ event_id: `bulk-${i}`, name: 'bulk', channel_type: 'web', user_id: `u${i % 10}` }));
    const first = await postJson<{ ids: string[] }>(`${platform.gatewayUrl}/events/batch`, { events });
    await waitForCount(platform, 'bulk', 1000);
    await waitForWriterCaughtUp(platform.env);
    const again = await postJson<{ ids: string[] }>(`${platform.gatewayUrl}/events/batch`, { events });
    expect(again.body.ids).toEqual(first.body.ids);
    expect(await settledCount(platform, 'bulk')).toBe(1000);
  });

  it('but two events with neither event_id nor client time are two real events', async () => {
    const event = { name: 'page_view', channel_type: 'web', user_id: 'u4' };
    const [a, b] = await sendTwice(event);
    expect(b).not.toBe(a);
    await waitForCount(platform, 'page_view', 2);
    await waitForWriterCaughtUp(platform.env);
    expect((await metricsOf(platform, { event_name: 'page_view' })).total_count).toBe(2);
  });
});
