import { isUuid } from '../../dedup/uuid';
import { TributaryEvent } from './tributary-event';
import { tributaryIdOf } from './tributary-id';

const event: TributaryEvent = { name: 'page_view', channel_type: 'web', timestamp: 1705314600, user_id: 'u1' };

describe('tributaryIdOf', () => {
  it('gives the same UUID for the same content in any key order', () => {
    const reordered = { user_id: 'u1', timestamp: 1705314600, channel_type: 'web', name: 'page_view' } as TributaryEvent;
    const key = tributaryIdOf(event);
    expect(isUuid(key)).toBe(true);
    expect(tributaryIdOf(reordered)).toBe(key);
  });

  it('changes with any content, the client time included', () => {
    expect(tributaryIdOf({ ...event, timestamp: 1705314601 })).not.toBe(tributaryIdOf(event));
    expect(tributaryIdOf({ ...event, user_id: 'u2' })).not.toBe(tributaryIdOf(event));
  });

  it('keys on (name, event_id) alone when an event_id is sent', () => {
    const a = tributaryIdOf({ ...event, event_id: 'e-1' });
    expect(tributaryIdOf({ ...event, event_id: 'e-1', timestamp: undefined, user_id: 'other' })).toBe(a);
    expect(tributaryIdOf({ ...event, event_id: 'e-1', name: 'click' })).not.toBe(a);
  });

  it('has no key for an event with neither event_id nor client time', () => {
    expect(tributaryIdOf({ name: 'page_view', channel_type: 'web', user_id: 'u1' })).toBeUndefined();
  });

  it('uses the date when there is no timestamp', () => {
    const dated = { ...event, timestamp: undefined, date: '2024-01-15T10:30:00Z' };
    expect(tributaryIdOf(dated)).toBeDefined();
    expect(tributaryIdOf(dated)).not.toBe(tributaryIdOf({ ...dated, date: '2024-01-15T10:30:01Z' }));
  });
});
