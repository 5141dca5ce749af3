import { createClient } from '@clickhouse/client';
import { deviceCollectorIdOf } from '@tributary/contracts';
import { waitForWriterCaughtUp } from '../../support/kafka-probe';
import { Answer, metricsOf, send, startPlatform, TestPlatform, waitForCount } from '../../support/platform';

const DEVICE_1 = '0287D9AA-4ADF-4B37-A60F-3E9E645C821E';
const DEVICE_2 = '9A1C3F70-2B6E-4E0D-8C1A-5D7B2E4F6A90';

/**
 * One line of seed 003's body: its example event, unformatted as its clients send it. The first
 * event of a session is its app_start, the others level_complete, a second apart by the client's clock.
 */
function line(device: string, session: string, sequence: number, minute = '23:59'): string {
  const clientTime = `2020-12-01 ${minute}:${String(sequence - 1).padStart(2, '0')}`;
  const event = sequence === 1 ? 'app_start' : 'level_complete';
  return `{"client_time":"${clientTime}","device_id":"${device}","device_os":"iOS 13.5.1","session":"${session}","sequence":${sequence},"event":"${event}","param_int":${sequence - 1},"param_str":"some text"}`;
}

/** Seed 003's average request: 30 events, one a line, separated by \n. */
function body(device: string, session: string, minute?: string): string {
  return Array.from({ length: 30 }, (_, i) => line(device, session, i + 1, minute)).join('\n');
}

const RANGE = { from: '2020-12-01T23:59:00Z', to: '2020-12-01T23:59:59Z' };

interface ErrorBody {
  errors: Array<{ field: string; reason: string }>;
}

describe('seed 003 (device event collector) against the gateway', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  /** As seed 003's clients post: text/plain, or no Content-Type at all (a byte body gets none from fetch). */
  const post = <T = unknown>(text: string, contentType?: string): Promise<Answer<T>> =>
    contentType === undefined
      ? send<T>(`${platform.gatewayUrl}/api/events`, { method: 'POST', body: Buffer.from(text) })
      : send<T>(`${platform.gatewayUrl}/api/events`, { method: 'POST', headers: { 'content-type': contentType }, body: text });

  function expectEmpty200(answer: Answer): void {
    expect([answer.status, answer.body, answer.headers.get('content-length')]).toEqual([200, '', '0']);
  }

  it('answers 30-event bodies with an empty 200, whatever the type, and counts each event once, resends with another client_time included', async () => {
    const sentFrom = Date.now();
    expectEmpty200(await post(body(DEVICE_1, 'ybuRi8mAUypxjbxQ'), 'text/plain'));
    expectEmpty200(await post(body(DEVICE_2, 'Qx7pLm2NcVb8RtYw')));
    // The same device, session and sequences, dated six minutes later: a client's retry.
    expectEmpty200(await post(body(DEVICE_1, 'ybuRi8mAUypxjbxQ', '00:05').replaceAll('2020-12-01 00:05', '2020-12-02 00:05')));

    await waitForCount(platform, 'app_start', 2);
    await waitForCount(platform, 'level_complete', 58);
    await waitForWriterCaughtUp(platform.env);
    expect(await metricsOf(platform, { event_name: 'app_start' })).toMatchObject({ total_count: 2, unique_user_count: 2 });
    expect(await metricsOf(platform, { event_name: 'level_complete' })).toMatchObject({ total_count: 58, unique_user_count: 2 });
    // Every copy keeps the first copy's time.
    expect(await metricsOf(platform, { event_name: 'level_complete', ...RANGE })).toMatchObject({ total_count: 58 });

    // A later retry, once the first copies are stored, with yet another client_time.
    expectEmpty200(await post(body(DEVICE_2, 'Qx7pLm2NcVb8RtYw', '23:58')));
    const answeredBy = Date.now();
    await waitForWriterCaughtUp(platform.env);
    expect(await metricsOf(platform, { event_name: 'app_start', ...RANGE })).toMatchObject({ total_count: 2, unique_user_count: 2 });
    expect(await metricsOf(platform, { event_name: 'level_complete', ...RANGE })).toMatchObject({ total_count: 58, unique_user_count: 2 });
    expect((await metricsOf(platform, { event_name: 'level_complete' })).total_count).toBe(58);

    await expectEnrichmentStored(sentFrom, answeredBy);
  });

  /**
   * Seed 003's enrichment, the client's address and the server's time: client_ip and received_at.
   * The row read is the copy stored last (the store keeps the latest of an id), hence either copy's receipt.
   */
  async function expectEnrichmentStored(sentFrom: number, answeredBy: number): Promise<void> {
    const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
    try {
      const result = await client.query({
        query: `SELECT source, client_ip, toUnixTimestamp64Milli(received_at) AS received_ms, client_timestamp, user_pseudo_id, event_id,
                       device_operating_system, device_operating_system_version
                FROM events FINAL WHERE id = {id:UUID}`,
        query_params: { id: deviceCollectorIdOf({ device_id: DEVICE_2, session: 'Qx7pLm2NcVb8RtYw', sequence: 1 }) },
        format: 'JSONEachRow',
      });
      const rows = await result.json<Record<string, unknown>>();
      expect(rows).toEqual([
        {
          source: 'device-collector',
          client_ip: '127.0.0.1',
          received_ms: expect.anything(),
          client_timestamp: expect.stringMatching(/^2020-12-01 23:5[89]:00\.000$/),
          user_pseudo_id: DEVICE_2,
          event_id: `${DEVICE_2}/Qx7pLm2NcVb8RtYw/1`,
          device_operating_system: 'iOS',
          device_operating_system_version: '13.5.1',
        },
      ]);
      const receivedMs = Number(rows[0].received_ms);
      expect(receivedMs).toBeGreaterThanOrEqual(sentFrom);
      expect(receivedMs).toBeLessThanOrEqual(answeredBy);
      const perSource = await client.query({ query: "SELECT count() AS rows FROM events FINAL WHERE source = 'device-collector'", format: 'JSONEachRow' });
      expect((await perSource.json<{ rows: number | string }>()).map(({ rows }) => Number(rows))).toEqual([60]);
    } finally {
      await client.close();
    }
  }

  it('refuses a body with a line that is not JSON or an invalid event, naming events[i] and the line, and stores none of it', async () => {
    const notJson = await post<ErrorBody>([line(DEVICE_1, 'broken', 1), '{"event":"crash",', line(DEVICE_1, 'broken', 3)].join('\n'), 'text/plain');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors).toEqual([{ field: 'events[1]', reason: expect.stringMatching(/^line 2 /) }]);

    const invalid = await post<ErrorBody>([line(DEVICE_1, 'broken', 1), line(DEVICE_1, 'broken', 2).replace('"sequence":2', '"sequence":-2').replace('"client_time":"2020-12-01 23:59:01"', '"client_time":"01.12.2020 23:59"')].join('\n'));
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([
      { field: 'events[1].client_time', reason: expect.stringContaining('must be a date-time such as 2020-12-01 23:59:00') },
      { field: 'events[1].sequence', reason: 'must be an integer from 0 to 9007199254740991' },
    ]);

    const over = await post<ErrorBody>(Array.from({ length: 1001 }, (_, i) => line(DEVICE_1, 'broken', i + 1)).join('\n'));
    expect([over.status, over.body.errors]).toEqual([400, [{ field: 'events', reason: 'has 1001 events, over the limit of 1000' }]]);

    await waitForWriterCaughtUp(platform.env);
    expect((await metricsOf(platform, { event_name: 'crash' })).total_count).toBe(0);
    expect((await metricsOf(platform, { event_name: 'app_start' })).total_count).toBe(2);
  });
});
