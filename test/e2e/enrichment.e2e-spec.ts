import { send, startPlatform, storedRows, TestPlatform, waitForCount } from '../support/platform';

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';

describe('enrichment from the request: device from the user agent, country from the address, CORS for browsers', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startPlatform({ GATEWAY_TRUST_PROXY: 'true', GATEWAY_ANONYMIZE_IP: 'true', GATEWAY_CORS_ORIGINS: 'https://shop.example' });
  });
  afterAll(() => platform?.stop());

  it('stores the browser, OS, category and country, and the address anonymised', async () => {
    const answer = await send(`${platform.gatewayUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': FIREFOX_ON_WINDOWS, 'x-forwarded-for': '81.2.69.160' },
      body: JSON.stringify({ name: 'enriched', channel_type: 'web', user_id: 'u1', device: { language: 'en-GB' } }),
    });
    expect(answer.status).toBe(202);
    await waitForCount(platform, 'enriched', 1);
    const rows = await storedRows(
      platform,
      `SELECT client_ip, country, user_agent, device_category, device_browser_name, device_operating_system, device_language
       FROM events FINAL WHERE name = 'enriched'`,
    );
    expect(rows).toEqual([
      {
        client_ip: '81.2.69.0',
        country: 'GB',
        user_agent: FIREFOX_ON_WINDOWS,
        device_category: 'desktop',
        device_browser_name: 'Firefox',
        device_operating_system: 'Windows',
        device_language: 'en-GB',
      },
    ]);
  });

  it('answers a browser preflight from a configured origin, and not from another', async () => {
    const preflight = (origin: string) =>
      send(`${platform.gatewayUrl}/v1/batch`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('https://shop.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-request-id');
    expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it("lets a page's scripts read the request id of an answer", async () => {
    const answer = await send(`${platform.gatewayUrl}/events`, {
      method: 'POST',
      headers: { origin: 'https://shop.example', 'content-type': 'application/json', 'x-request-id': 'page-42' },
      body: JSON.stringify({ name: 'cors_probe', channel_type: 'web' }),
    });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-request-id')).toBe('page-42');
    expect(answer.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('x-request-id');
  });
});
