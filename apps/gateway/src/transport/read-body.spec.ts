import { HttpException } from '@nestjs/common';
import { InvalidInputError } from '@tributary/platform';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { readBody } from './read-body';

const LIMIT = 64 * 1024;
const event = { name: 'page_view', channel_type: 'web' };
const json = Buffer.from(JSON.stringify(event));

function refusal(read: () => unknown): { status: number; text: string } {
  try {
    read();
  } catch (error) {
    if (error instanceof InvalidInputError) return { status: 400, text: error.message };
    if (error instanceof HttpException) return { status: error.getStatus(), text: error.message };
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('readBody', () => {
  it.each([
    ['gzip', gzipSync(json)],
    ['x-gzip', gzipSync(json)],
    ['deflate', deflateSync(json)],
    ['deflate', deflateRawSync(json)],
    ['br', brotliCompressSync(json)],
    ['identity', json],
  ])('decompresses Content-Encoding %s', (contentEncoding, bytes) => {
    expect(readBody({ bytes, contentType: 'application/json', contentEncoding }, 'by-content-type', LIMIT)).toEqual(event);
  });

  it('finds gzip by its magic bytes when no Content-Encoding says so, as posthog-js sends it under text/plain', () => {
    expect(readBody({ bytes: gzipSync(json), contentType: 'text/plain' }, 'json', LIMIT)).toEqual(event);
  });

  it('answers 413 for a body over the limit once decompressed, without inflating it all', () => {
    const bomb = gzipSync(Buffer.alloc(50 * LIMIT, 0x20));
    expect(refusal(() => readBody({ bytes: bomb, contentType: 'application/json', contentEncoding: 'gzip' }, 'by-content-type', LIMIT))).toEqual({
      status: 413,
      text: `Request body is too large: over ${LIMIT} bytes once decompressed`,
    });
  });

  it('names the encoding a body does not hold, instead of calling it bad JSON', () => {
    expect(refusal(() => readBody({ bytes: json, contentType: 'application/json', contentEncoding: 'gzip' }, 'by-content-type', LIMIT)).text).toMatch(/body is not valid gzip/);
  });

  it('answers 415 for an encoding it does not read, and for a type a route does not take', () => {
    expect(refusal(() => readBody({ bytes: json, contentType: 'application/json', contentEncoding: 'compress' }, 'by-content-type', LIMIT))).toMatchObject({ status: 415 });
    expect(refusal(() => readBody({ bytes: json, contentType: 'text/csv' }, 'by-content-type', LIMIT))).toMatchObject({
      status: 415,
      text: expect.stringContaining('Content-Type text/csv is not taken here'),
    });
  });

  it('reads JSON under any type on a route whose producers send it so, and NDJSON as lines', () => {
    expect(readBody({ bytes: json, contentType: 'application/x-www-form-urlencoded' }, 'json', LIMIT)).toEqual(event);
    expect(readBody({ bytes: Buffer.from(`${json}\n\n${json}\n`) }, 'ndjson', LIMIT)).toEqual([event, event]);
  });

  describe("a json-or-form route (PostHog's): posthog-js's form bodies", () => {
    const FORM = 'application/x-www-form-urlencoded';
    // Its base64 holds both `+` and `/`, which a form must escape.
    const batch = { api_key: 'phc_k', batch: [{ event: '$pageleave', distinct_id: 'u1', properties: { title: 'Café ?>>~' } }], sent_at: '2024-01-15T10:30:01.000Z' };
    const base64 = Buffer.from(JSON.stringify(batch)).toString('base64');
    /** As posthog-js writes it: 'data=' + encodeURIComponent(its base64, or the JSON). */
    const form = (data: string, rest = '') => Buffer.from(`data=${encodeURIComponent(data)}${rest}`);
    const read = (bytes: Buffer, compression?: string, contentType = FORM) => readBody({ bytes, contentType, compression }, 'json-or-form', LIMIT);

    it('reads data= the base64 of the JSON, announced by compression=base64 or not (older versions), and data= the JSON', () => {
      expect(base64).toMatch(/\+/);
      expect(base64).toMatch(/\//);
      expect(read(form(base64), 'base64')).toEqual(batch);
      expect(read(form(base64))).toEqual(batch);
      expect(read(form(base64, '&compression=base64'))).toEqual(batch);
      expect(read(form(JSON.stringify(batch)))).toEqual(batch);
    });

    it('finds the form by its data= when the type says otherwise, and takes a + left unescaped in the base64', () => {
      expect(read(form(base64), 'base64', 'text/plain')).toEqual(batch);
      expect(read(Buffer.from(`data=${base64}`), 'base64')).toEqual(batch);
    });

    it('reads a body that starts as JSON as JSON under the form type, and a bare base64 body the query calls base64', () => {
      expect(read(json)).toEqual(event);
      expect(read(Buffer.from(` \n${json}`), 'base64')).toEqual(event);
      expect(read(Buffer.from(json.toString('base64')), 'base64', 'text/plain')).toEqual(event);
    });

    it('answers 400 naming base64, not JSON, to a body that claims base64 but is not', () => {
      expect(refusal(() => read(form('eyJh*bad'), 'base64'))).toEqual({
        status: 400,
        text: 'Invalid body: data is not valid base64, as compression=base64 says it is: "*" at offset 4 is not a base64 character',
      });
      expect(refusal(() => read(form('eyJhbGc'), 'base64')).text).toBe('Invalid body: data is not valid base64, as compression=base64 says it is: its length 7 is not a multiple of 4');
      expect(refusal(() => read(form('ab=c'), 'base64')).text).toMatch(/data is not valid base64, as compression=base64 says it is: "=" at offset 2 is padding before the end$/);
      expect(refusal(() => read(Buffer.from('not base64!'), 'base64', 'text/plain')).text).toMatch(/^Invalid body: body is not valid base64/);
      expect(refusal(() => read(form('hello!world')))).toEqual({ status: 400, text: expect.stringMatching(/data is neither JSON nor base64: as base64, "!" at offset 5/) });
    });

    it('names the decoded base64 when it holds no JSON, and a form without data', () => {
      expect(refusal(() => read(form(Buffer.from('{"event": ').toString('base64')), 'base64')).text).toMatch(/^Invalid body: data \(decoded from base64\) is not valid JSON/);
      expect(refusal(() => read(Buffer.from('event=e&distinct_id=u1'))).text).toMatch(/^Invalid body: body is a form without a data field/);
      expect(refusal(() => read(Buffer.from('data=&compression=base64'))).text).toMatch(/^Invalid body: data is empty/);
      expect(refusal(() => read(Buffer.from('data=%E0%A4%A'))).text).toMatch(/^Invalid body: data is not valid form encoding/);
    });

    it('answers 415 for the lz64 compression of older posthog-js, not read here', () => {
      expect(refusal(() => read(form('N4Ig'), 'lz64'))).toEqual({ status: 415, text: 'compression=lz64 is not read here: send gzip, base64 or none' });
    });

    it('reads a form only on such a route: seed 002 (json) still reads JSON under the form type, and nothing else', () => {
      expect(refusal(() => readBody({ bytes: form(JSON.stringify(event)), contentType: FORM }, 'json', LIMIT)).text).toMatch(/^Invalid body: body is not valid JSON/);
    });
  });

  it('refuses an empty body, naming it', () => {
    expect(refusal(() => readBody({ bytes: Buffer.alloc(0), contentType: 'application/json' }, 'by-content-type', LIMIT)).text).toMatch(/body is empty/);
  });
});
