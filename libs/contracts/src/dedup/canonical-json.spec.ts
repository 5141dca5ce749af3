import { canonicalJson } from './canonical-json';
import { tributaryIdOf as dedupKeyOf } from '../sources/tributary/tributary-id';

/** Stored ids derive from these texts: a change would count every resent event a second time. */
describe('canonicalJson and the dedup key are stable across releases', () => {
  const full = {
    name: 'purchase',
    channel_type: 'mobile',
    timestamp: 1705314600.5,
    user_id: 'ü "q"',
    user_pseudo_id: null,
    event_params: [{ key: 'b', string_value: 'x\ny' }, { key: 'a', number_value: -0.25 }, { boolean_value: false, key: 'c' }],
    device: { os: undefined, category: 'mobile', language: 'en-US' },
    items: [{ quantity: 2, id: 'SKU' }],
    app_info: {},
  };

  it('sorts keys, drops null and absent values, keeps array order', () => {
    expect(canonicalJson(full)).toBe(
      '{"app_info":{},"channel_type":"mobile","device":{"category":"mobile","language":"en-US"},' +
        '"event_params":[{"key":"b","string_value":"x\\ny"},{"key":"a","number_value":-0.25},{"boolean_value":false,"key":"c"}],' +
        '"items":[{"id":"SKU","quantity":2}],"name":"purchase","timestamp":1705314600.5,"user_id":"ü \\"q\\""}',
    );
  });

  it('gives the ids earlier releases gave', () => {
    expect(dedupKeyOf(full as never)).toBe('bdfb7347-9889-8eb9-93b5-52f6fdcd77d7');
    expect(dedupKeyOf({ name: 'page_view', channel_type: 'web', date: '2024-01-15T10:30:00Z' })).toBe('2b80a81a-e557-8efe-a938-c86bc5b92d0a');
    expect(dedupKeyOf({ name: 'page_view', channel_type: 'web', event_id: 'e-1' })).toBe('a7d783a1-e33b-8a7c-b571-c968c4d4f4b9');
  });
});
