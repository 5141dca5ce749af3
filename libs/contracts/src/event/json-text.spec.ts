import { invalidUtf8Offset, parseJsonText, parseJsonUtf8 } from './json-text';
import { PROTOTYPE_KEY_REASON } from './prototype-keys';

describe('JSON text held to UTF-8', () => {
  it('parses valid UTF-8, astral characters and escaped surrogate pairs included', () => {
    expect(parseJsonUtf8(Buffer.from('{"name":"héllo 😀","b":"\\ud83d\\ude00"}'), '')).toEqual({ ok: true, value: { name: 'héllo 😀', b: '😀' } });
  });

  it('names the first invalid byte and its offset', () => {
    expect(invalidUtf8Offset(Buffer.from([0x61, 0x62, 0xc3]))).toBe(2);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from('ok é'))).toBeUndefined();
    expect(parseJsonUtf8(Buffer.from([0x22, 0xff, 0x22]), '')).toEqual({
      ok: false,
      error: { field: 'body', reason: 'is not valid UTF-8: byte 0xff at offset 1; send text encoded as UTF-8' },
    });
  });

  it('names the field holding an escaped lone surrogate, under the path given', () => {
    const parsed = parseJsonUtf8(Buffer.from('{"events":[{"user_id":"a\\udc00"}]}'), '');
    expect(parsed).toEqual({ ok: false, error: { field: 'events[0].user_id', reason: expect.stringContaining('lone UTF-16 surrogate') } });
    expect(parseJsonUtf8(Buffer.from('{"\\ud800":1}'), 'events[2]')).toMatchObject({ ok: false, error: { field: 'events[2].\ud800' } });
  });

  it('names the whole text when it is not JSON', () => {
    expect(parseJsonUtf8(Buffer.from('{oops'), 'events[1]')).toMatchObject({ ok: false, error: { field: 'events[1]', reason: expect.stringMatching(/^is not valid JSON/) } });
  });

  it('refuses text nested deeper than the limit before parsing it, naming the whole text and the limit', () => {
    const deep = '['.repeat(65) + ']'.repeat(65);
    expect(parseJsonUtf8(Buffer.from(deep), '')).toEqual({ ok: false, error: { field: 'body', reason: 'is nested deeper than the limit of 64 levels of arrays and objects' } });
    expect(parseJsonText(deep, 'events[4]')).toMatchObject({ ok: false, error: { field: 'events[4]' } });
    expect(parseJsonText(deep, '', 'value', 72)).toEqual({ ok: true, value: expect.any(Array) });
  });

  it('refuses a key that could change a prototype, naming where it is, and pollutes nothing', () => {
    expect(parseJsonText('{"batch":[{"properties":{"__proto__":{"polluted":true}}}]}', '')).toEqual({
      ok: false,
      error: { field: 'batch[0].properties.__proto__', reason: PROTOTYPE_KEY_REASON },
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
