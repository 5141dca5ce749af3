import { isUuid } from '../../dedup/uuid';
import { SiteAnalyticsEvent } from './site-analytics-event';
import { siteAnalyticsIdOf } from './site-analytics-id';

const event: SiteAnalyticsEvent = { site_id: 'site-abc-123', event_type: 'page_view', path: '/home', user_id: 'user-001', timestamp: '2025-11-12T10:00:00Z' };

describe('siteAnalyticsIdOf', () => {
  it('gives the same UUID for the same content in any key order, an explicit null as an absent field', () => {
    const reordered: SiteAnalyticsEvent = { timestamp: event.timestamp, user_id: 'user-001', path: '/home', event_type: 'page_view', site_id: 'site-abc-123' };
    const id = siteAnalyticsIdOf(event);
    expect(isUuid(id)).toBe(true);
    expect(siteAnalyticsIdOf(reordered)).toBe(id);
    const { user_id: _, ...anonymous } = event;
    expect(siteAnalyticsIdOf({ ...anonymous, user_id: null } as unknown as SiteAnalyticsEvent)).toBe(siteAnalyticsIdOf(anonymous));
  });

  it('changes with any content, the time included', () => {
    const id = siteAnalyticsIdOf(event);
    const others = [{ site_id: 'other' }, { event_type: 'click' }, { path: '/pricing' }, { user_id: 'user-002' }, { user_id: undefined }, { timestamp: '2025-11-12T10:00:01Z' }];
    for (const change of others) expect(siteAnalyticsIdOf({ ...event, ...change })).not.toBe(id);
  });

  it('has no key for an event without timestamp: two page views cannot be told from one sent twice', () => {
    expect(siteAnalyticsIdOf({ ...event, timestamp: undefined })).toBeUndefined();
  });
});
