import { canonicalEventOf } from '../accept-payload';
import { AcceptedEvent } from '../source';
import { TrackingApiEvent } from './tracking-api-event';
import { trackingApiIdOf } from './tracking-api-id';
import { TRACKING_API_SOURCE } from './tracking-api.source';

const receipt = { receivedAt: new Date('2024-11-22T00:00:05Z'), clientIp: '203.0.113.7', userAgent: 'curl/8.5.0' };

const purchase: TrackingApiEvent = {
  event_name: 'purchase',
  channel: 'web',
  campaign_id: 'summer_sale_2025',
  user_id: 'user123',
  timestamp: 1732233600,
  tags: ['mobile', 'premium'],
  metadata: { amount: 99.99, currency: 'USD' },
};

describe("seed 001's event as a canonical event", () => {
  it('maps name, channel, user and time, keeps campaign, tags and metadata in properties, and has no event_id', () => {
    expect(canonicalEventOf(TRACKING_API_SOURCE, purchase, receipt)).toEqual({
      id: trackingApiIdOf(purchase),
      source: 'tracking-api',
      project: 'default',
      name: 'purchase',
      channel: 'web',
      user_id: 'user123',
      time: '2024-11-22T00:00:00.000Z',
      ip: '203.0.113.7',
      user_agent: 'curl/8.5.0',
      properties: { campaign_id: 'summer_sale_2025', tags: ['mobile', 'premium'], metadata: { amount: 99.99, currency: 'USD' } },
    });
  });

  it('keeps a fractional timestamp to the millisecond and leaves out absent or null optional fields', () => {
    const bare = { event_name: 'view', channel: 'mobile', user_id: 'u', timestamp: 1732233601.2345, campaign_id: null } as unknown as TrackingApiEvent;
    const event = canonicalEventOf(TRACKING_API_SOURCE, bare, receipt);
    expect(event.time).toBe('2024-11-22T00:00:01.234Z');
    expect(event.properties).toEqual({});
  });
});

describe("seed 001's answers", () => {
  const [one, bulk] = TRACKING_API_SOURCE.routes;
  const accepted = (id: string): AcceptedEvent => ({ payload: purchase, event: { id, source: 'tracking-api', name: 'purchase', channel: 'web' } });
  const RECEIPT = { receivedAt: new Date('2024-11-22T00:00:00Z') };

  it('202 with the id for one event on POST /events, and the ids in order for POST /events/bulk of up to 1000', () => {
    expect([one.paths, one.status, one.respond([accepted('a')], RECEIPT)]).toEqual([['/events'], 202, { id: 'a' }]);
    expect([bulk.paths, bulk.status, bulk.events, bulk.respond([accepted('a'), accepted('b')], RECEIPT)]).toEqual([['/events/bulk'], 202, { field: 'events', maxEvents: 1000 }, { ids: ['a', 'b'] }]);
  });

  it("reads bodies as seed 000's POST /events does, the path they share", () => {
    expect(TRACKING_API_SOURCE.routes.map((route) => route.reading)).toEqual(['by-content-type', 'by-content-type']);
  });
});
