import { waitForWriterCaughtUp } from '../support/kafka-probe';
import { postJson, startPlatform, storedRows, TestPlatform, waitForCount } from '../support/platform';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const unixSeconds = (ms: number) => Math.floor(ms / SECOND);

describe("a producer's clock skew, corrected from the batch's sent_at", () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterAll(() => platform?.stop());

  const storedTimes = () =>
    storedRows<{ event_time: string; client_timestamp: string; sent_at: string }>(
      platform,
      "SELECT toUnixTimestamp64Milli(event_time) AS event_time, toUnixTimestamp64Milli(client_timestamp) AS client_timestamp, toUnixTimestamp64Milli(sent_at) AS sent_at FROM events FINAL WHERE name = 'skewed'",
    );

  it("dates the event by the server's clock, keeps the client's time, and counts a resend with another sent_at once", async () => {
    // The client's clock is an hour behind: it stamps the event 10 s before it sends the batch.
    const clientNow = Date.now() - HOUR;
    const event = { name: 'skewed', channel_type: 'web', user_id: 'u1', timestamp: unixSeconds(clientNow) - 10 };
    const sentAt = new Date(unixSeconds(clientNow) * SECOND).toISOString();
    const before = Date.now();
    expect((await postJson(`${platform.gatewayUrl}/events/batch`, { sent_at: sentAt, events: [event] })).status).toBe(202);
    const after = Date.now();
    await waitForCount(platform, 'skewed', 1);

    const [first] = await storedTimes();
    expect(Number(first.client_timestamp)).toBe(event.timestamp * SECOND);
    expect(Number(first.sent_at)).toBe(Date.parse(sentAt));
    // received − sent + client time: 10 s before the receipt, which lies between before and after.
    expect(Number(first.event_time)).toBeGreaterThanOrEqual(before - 10 * SECOND - SECOND);
    expect(Number(first.event_time)).toBeLessThanOrEqual(after - 10 * SECOND + SECOND);

    // The SDK retries with the same event and a new send time: another correction, the same event.
    const resentAt = new Date(Date.parse(sentAt) + 30 * SECOND).toISOString();
    expect((await postJson(`${platform.gatewayUrl}/events/batch`, { sent_at: resentAt, events: [event] })).status).toBe(202);
    await waitForWriterCaughtUp(platform.env);
    const stored = await storedTimes();
    expect(stored).toHaveLength(1);
    expect(stored[0].event_time).toBe(first.event_time);
  });

  it('refuses a sent_at that is not a date, naming it', async () => {
    const answer = await postJson<{ errors: unknown[] }>(`${platform.gatewayUrl}/events/batch`, { sent_at: 'soon', events: [{ name: 'x', channel_type: 'web' }] });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'sent_at', reason: expect.stringMatching(/ISO 8601/) }]);
  });
});
