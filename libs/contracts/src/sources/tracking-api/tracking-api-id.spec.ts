import { isUuid, uuidFromText } from '../../dedup/uuid';
import { TrackingApiEvent } from './tracking-api-event';
import { trackingApiIdOf } from './tracking-api-id';

const event: TrackingApiEvent = { event_name: 'purchase', channel: 'web', user_id: 'user123', timestamp: 1732233600, campaign_id: 'summer_sale_2025', tags: ['mobile'], metadata: { amount: 99.99 } };

describe('trackingApiIdOf', () => {
  it('keys on event_name, user_id, timestamp and channel alone: a resend with other metadata is the same event', () => {
    const id = trackingApiIdOf(event);
    expect(isUuid(id)).toBe(true);
    expect(trackingApiIdOf({ ...event, metadata: { amount: 1 }, tags: [], campaign_id: 'other' })).toBe(id);
    expect(trackingApiIdOf({ event_name: 'purchase', channel: 'web', user_id: 'user123', timestamp: 1732233600 })).toBe(id);
  });

  it('changes with each field of the key', () => {
    const id = trackingApiIdOf(event);
    const others = [{ event_name: 'view' }, { channel: 'mobile' }, { user_id: 'user456' }, { timestamp: 1732233601 }, { timestamp: 1732233600.5 }];
    for (const change of others) expect(trackingApiIdOf({ ...event, ...change })).not.toBe(id);
  });

  it('separates the fields, so that moving text from one to the next is another key', () => {
    expect(trackingApiIdOf({ ...event, event_name: 'ab', user_id: 'c' })).not.toBe(trackingApiIdOf({ ...event, event_name: 'a', user_id: 'bc' }));
  });

  it('is the UUID of its namespaced text, which must never change (stored ids derive from it)', () => {
    expect(trackingApiIdOf(event)).toBe(uuidFromText('tracking-api\u0000purchase\u0000user123\u00001732233600\u0000web'));
    expect(trackingApiIdOf(event)).toBe('52248290-da57-8088-8057-664915c1f51b');
  });
});
