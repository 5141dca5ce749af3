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

  it('refuses an empty body, naming it', () => {
    expect(refusal(() => readBody({ bytes: Buffer.alloc(0), contentType: 'application/json' }, 'by-content-type', LIMIT)).text).toMatch(/body is empty/);
  });
});
