import { canonicalEventOf } from '../accept-payload';
import { SiteAnalyticsEvent } from './site-analytics-event';
import { siteAnalyticsIdOf } from './site-analytics-id';
import { SITE_ANALYTICS_SOURCE } from './site-analytics.source';

const receipt = { receivedAt: new Date('2025-11-12T10:00:05Z'), clientIp: '203.0.113.7', userAgent: 'curl/8.5.0' };

const example: SiteAnalyticsEvent = { site_id: 'site-abc-123', event_type: 'page_view', path: '/home', user_id: 'user-001', timestamp: '2025-11-12T10:00:00Z' };

describe("seed 004's event as a canonical event", () => {
  it('maps the type as name, a web channel, the site, the path, the user and the time', () => {
    expect(canonicalEventOf(SITE_ANALYTICS_SOURCE, example, receipt)).toEqual({
      id: siteAnalyticsIdOf(example),
      source: 'site-analytics',
      project: 'default',
      name: 'page_view',
      channel: 'web',
      site_id: 'site-abc-123',
      page_path: '/home',
      user_id: 'user-001',
      time: '2025-11-12T10:00:00.000Z',
      ip: '203.0.113.7',
      user_agent: 'curl/8.5.0',
    });
  });

  it('reads a timestamp with another zone as UTC, to the millisecond', () => {
    expect(canonicalEventOf(SITE_ANALYTICS_SOURCE, { ...example, timestamp: '2025-11-12T12:00:00.1234+02:00' }, receipt).time).toBe('2025-11-12T10:00:00.123Z');
  });

  it('has no time, user or id without timestamp and user_id: the core gives it a fresh id, the writer its receive time', () => {
    const event = canonicalEventOf(SITE_ANALYTICS_SOURCE, { site_id: 's', event_type: 'page_view', path: '/', user_id: null } as unknown as SiteAnalyticsEvent, receipt);
    expect(event).not.toHaveProperty('time');
    expect(event).not.toHaveProperty('user_id');
    expect(event).not.toHaveProperty('id');
  });
});

describe("seed 004's answer", () => {
  const [route] = SITE_ANALYTICS_SOURCE.routes;

  it('is POST /event, one event as JSON whatever the Content-Type says', () => {
    expect([route.paths, route.reading, route.events]).toEqual([['/event'], 'json', { one: true }]);
  });

  it('is 200 {"status":"ok"}', () => {
    const event = { ...canonicalEventOf(SITE_ANALYTICS_SOURCE, example, receipt), id: 'an-id' };
    expect(route.status).toBe(200);
    expect(JSON.stringify(route.respond([{ payload: example, event }], { receivedAt: new Date() }))).toBe('{"status":"ok"}');
  });
});
