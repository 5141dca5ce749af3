import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { BodyReading, parseJsonUtf8 } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { jsonTextOf } from './data-form';
import { parseNdjson } from './ndjson';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];
const JSON_TYPE = 'application/json';
const GZIP_MAGIC = [0x1f, 0x8b];

export interface RawBody {
  /** The body's bytes as they came, read for every content type (the gateway registers no parser of its own). */
  bytes: Buffer | undefined;
  contentType?: string;
  contentEncoding?: string;
  /** The `compression` the query string names (posthog-js: `base64`), read by `json-or-form` routes. */
  compression?: string;
}

/**
 * A request body as a route reads it: decompressed (gzip, deflate or br as Content-Encoding says,
 * or gzip found by its magic bytes, as posthog-js sends it under text/plain), then parsed as
 * JSON or NDJSON, or, on a `json-or-form` route, taken from its form's `data` (data-form.ts).
 * `limitBytes` bounds the decompressed size too.
 */
export function readBody(raw: RawBody, reading: BodyReading, limitBytes: number): unknown {
  const bytes = decompressed(raw, limitBytes);
  if (bytes.length === 0) throw new InvalidInputError([{ field: 'body', reason: 'is empty; send the events as JSON' }], 'Invalid body');
  const mediaType = raw.contentType?.split(';')[0].trim().toLowerCase();
  const ndjson = reading === 'ndjson' || (reading === 'by-content-type' && NDJSON_TYPES.includes(mediaType ?? ''));
  if (reading === 'by-content-type' && !ndjson && mediaType !== JSON_TYPE) {
    throw new UnsupportedMediaTypeException(`Content-Type ${mediaType ?? '(none)'} is not taken here: send ${JSON_TYPE} or ${NDJSON_TYPES[0]}`);
  }
  if (ndjson) return parseNdjson(bytes);
  const json = reading === 'json-or-form' ? jsonTextOf(bytes, mediaType, raw.compression) : { bytes, field: 'body' };
  const parsed = parseJsonUtf8(json.bytes, '', json.field);
  if (!parsed.ok) throw new InvalidInputError([parsed.error], 'Invalid body');
  return parsed.value;
}

/** Whether the body came compressed: then its size says nothing of its events' sizes. */
export function isCompressed(raw: RawBody): boolean {
  return encodingOf(raw) !== 'identity' || hasGzipMagic(raw.bytes);
}

function encodingOf({ contentEncoding }: RawBody): string {
  return contentEncoding?.trim().toLowerCase() || 'identity';
}

function hasGzipMagic(bytes: Buffer | undefined): boolean {
  return bytes?.[0] === GZIP_MAGIC[0] && bytes?.[1] === GZIP_MAGIC[1];
}

function decompressed(raw: RawBody, limitBytes: number): Buffer {
  const bytes = raw.bytes ?? Buffer.alloc(0);
  const encoding = encodingOf(raw);
  const options = { maxOutputLength: limitBytes };
  const decode = (name: string, inflate: () => Buffer): Buffer => {
    try {
      return inflate();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        throw new PayloadTooLargeException(`Request body is too large: over ${limitBytes} bytes once decompressed`);
      }
      throw new InvalidInputError([{ field: 'body', reason: `is not valid ${name}: ${(error as Error).message}` }], 'Invalid body');
    }
  };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return decode('gzip', () => gunzipSync(bytes, options));
    case 'deflate':
      // RFC 9110's deflate is zlib-wrapped; some clients send it raw.
      return decode('deflate', () => (bytes[0] === 0x78 ? inflateSync(bytes, options) : inflateRawSync(bytes, options)));
    case 'br':
      return decode('brotli', () => brotliDecompressSync(bytes, options));
    case 'identity':
      return hasGzipMagic(bytes) ? decode('gzip', () => gunzipSync(bytes, options)) : bytes;
    default:
      throw new UnsupportedMediaTypeException(`Content-Encoding ${encoding} is not supported: send gzip, deflate, br or none`);
  }
}
