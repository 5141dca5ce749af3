import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { eventListingOf } from './event-listing-answer';
import { ListedRow } from './event-listing.repository';
import { decodeCursor } from './listing-cursor';
import { EventListingQuery } from './listing-query';

const row = (id: string, event_time: string, received_at = event_time): ListedRow => ({
  id,
  event_time,
  received_at,
  user_id: 'u1',
  user_pseudo_id: 'anon-1',
  page_url: 'https://example.com/pricing?plan=pro',
  properties: '{"plan":"pro","seats":3,"nested":{"a":[1,true,null]}}',
  name: 'purchase',
  channel_type: 'web',
  source: 'segment',
  kind: 'track',
  project: 'default',
  country: 'DE',
  device_category: 'mobile',
  device_mobile_brand_name: 'Apple',
  device_mobile_model_name: 'iPhone 15',
  device_operating_system: 'iOS',
  device_operating_system_version: '17.1',
  device_browser_name: 'Safari',
  device_browser_version: '17.1',
  device_language: 'de-DE',
  app_id: '',
  app_version: '',
  page_path: '/pricing',
  page_referrer: '',
  site_id: '',
});

const QUERY: EventListingQuery = { scope: OPEN_READ_SCOPE, eventNames: [], filters: [], sort: '-event_time', limit: 2 };
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

describe("GET /events/list's answer", () => {
  it('writes each event under the names filter uses, times in ISO 8601 UTC to the millisecond, its properties as JSON', () => {
    const [event] = eventListingOf(QUERY, [row(A, '2024-03-30 14:05:09.120', '2024-03-30 14:05:10.000')]).events;
    expect(JSON.stringify(event)).toBe(
      '{"id":"00000000-0000-4000-8000-00000000000a","name":"purchase","event_time":"2024-03-30T14:05:09.120Z","received_at":"2024-03-30T14:05:10.000Z",' +
        '"user_id":"u1","anonymous_id":"anon-1","channel":"web","source":"segment","kind":"track","project":"default","country":"DE","device_category":"mobile",' +
        '"device_brand":"Apple","device_model":"iPhone 15","os":"iOS","os_version":"17.1","browser":"Safari","browser_version":"17.1","language":"de-DE",' +
        '"app_id":"","app_version":"","path":"/pricing","referrer":"","site":"","url":"https://example.com/pricing?plan=pro",' +
        '"properties":{"plan":"pro","seats":3,"nested":{"a":[1,true,null]}}}',
    );
  });

  it("answers limit events and a cursor after the last of them when the repository read one more; the cursor holds that event's sort value and id", () => {
    const answer = eventListingOf(QUERY, [row(A, '2024-03-30 14:05:09.120'), row(B, '2024-03-30 14:05:09.120'), row(C, '2024-03-29 00:00:00.000')]);
    expect(answer.events.map((event) => event.id)).toEqual([A, B]);
    expect(decodeCursor(answer.next_cursor)).toEqual({ sort: '-event_time', time: Date.parse('2024-03-30T14:05:09.120Z'), id: B });
  });

  it('keys the cursor on received_at when sorted by it', () => {
    const answer = eventListingOf({ ...QUERY, sort: 'received_at', limit: 1 }, [row(A, '2024-03-30 14:05:09.120', '2024-03-31 00:00:00.001'), row(B, '2024-03-30 14:05:09.120')]);
    expect(decodeCursor(answer.next_cursor)).toEqual({ sort: 'received_at', time: Date.parse('2024-03-31T00:00:00.001Z'), id: A });
  });

  it('has no cursor on the last page, nor on an empty one', () => {
    expect(eventListingOf(QUERY, [row(A, '2024-03-30 14:05:09.120'), row(B, '2024-03-30 14:05:09.120')]).next_cursor).toBeNull();
    expect(eventListingOf(QUERY, [])).toEqual({ events: [], next_cursor: null });
  });
});
