import { ClientEvent } from '../event/client-event';
import { dedupKeyOf, isUuid } from './dedup-key';

const event: ClientEvent = { name: 'page_view', channel_type: 'web', timestamp: 1705314600, user_id: 'u1' };

describe('dedupKeyOf', () => {
  it('gives the same UUID for the same content in any key order', () => {
    const reordered = { user_id: 'u1', timestamp: 1705314600, channel_type: 'web', name: 'page_view' } as ClientEvent;
    const key = dedupKeyOf(event);
    expect(isUuid(key)).toBe(true);
    expect(dedupKeyOf(reordered)).toBe(key);
  });

  it('changes with any content, the client time included', () => {
    expect(dedupKeyOf({ ...event, timestamp: 1705314601 })).not.toBe(dedupKeyOf(event));
    expect(dedupKeyOf({ ...event, user_id: 'u2' })).not.toBe(dedupKeyOf(event));
  });

  it('keys on (name, event_id) alone when an event_id is sent', () => {
    const a = dedupKeyOf({ ...event, event_id: 'e-1' });
    expect(dedupKeyOf({ ...event, event_id: 'e-1', timestamp: undefined, user_id: 'other' })).toBe(a);
    expect(dedupKeyOf({ ...event, event_id: 'e-1', name: 'click' })).not.toBe(a);
  });

  it('has no key for an event with neither event_id nor client time', () => {
    expect(dedupKeyOf({ name: 'page_view', channel_type: 'web', user_id: 'u1' })).toBeUndefined();
  });

  it('uses the date when there is no timestamp', () => {
    const dated = { ...event, timestamp: undefined, date: '2024-01-15T10:30:00Z' };
    expect(dedupKeyOf(dated)).toBeDefined();
    expect(dedupKeyOf(dated)).not.toBe(dedupKeyOf({ ...dated, date: '2024-01-15T10:30:01Z' }));
  });
});
