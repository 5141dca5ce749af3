import { isUtf8 } from 'node:buffer';
import { FieldError } from '../schema/field-error';
import { nestsDeeperThan } from './json-depth';
import { firstPathWhere } from './json-walk';
import { EVENT_LIMITS } from './limits';
import { PROTOTYPE_KEY_REASON, prototypeKeyPath } from './prototype-keys';

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: FieldError };

/**
 * JSON text as bytes, held to what ClickHouse can store unchanged: valid UTF-8 (a decoder would
 * silently put U+FFFD in place of bad bytes) and no escaped lone surrogate (`"\ud800"`), which
 * no UTF-8 string can hold; and to what the code after it can handle safely: at most `maxDepth`
 * levels of arrays and objects, no key that could change a prototype (prototype-keys.ts). `path`
 * prefixes the fields an error names (`events[3]` for a line of a batch); `whole` names the text
 * itself (`body`).
 */
export function parseJsonUtf8(bytes: Buffer, path: string, whole = path || 'body', maxDepth: number = EVENT_LIMITS.jsonDepth): ParsedJson {
  const badByte = invalidUtf8Offset(bytes);
  if (badByte !== undefined) return fail(whole, invalidUtf8Reason(bytes, badByte));
  return parseJsonText(bytes.toString('utf8'), path, whole, maxDepth);
}

/** JSON text already known to be valid UTF-8 (parseJsonUtf8 without the byte check). */
export function parseJsonText(text: string, path: string, whole = path || 'body', maxDepth: number = EVENT_LIMITS.jsonDepth): ParsedJson {
  if (nestsDeeperThan(text, maxDepth)) return fail(whole, `is nested deeper than the limit of ${maxDepth} levels of arrays and objects`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(whole, `is not valid JSON: ${(error as Error).message}`);
  }
  const surrogate = ESCAPED_SURROGATE.test(text) ? loneSurrogatePath(value, path) : undefined;
  if (surrogate !== undefined) return fail(surrogate || whole, 'holds a lone UTF-16 surrogate (\\ud800-\\udfff) that is not half of a pair');
  const prototypeKey = prototypeKeyPath(value, text, path);
  if (prototypeKey !== undefined) return fail(prototypeKey, PROTOTYPE_KEY_REASON);
  return { ok: true, value };
}

export function invalidUtf8Reason(bytes: Buffer, offset: number): string {
  return `is not valid UTF-8: byte 0x${bytes[offset].toString(16).padStart(2, '0')} at offset ${offset}; send text encoded as UTF-8`;
}

/** The offset of the first byte that is not valid UTF-8, or undefined when all are. */
export function invalidUtf8Offset(bytes: Buffer): number | undefined {
  if (isUtf8(bytes)) return undefined;
  // Decoding with replacement and encoding again gives back every byte before the first bad one.
  const roundTrip = Buffer.from(bytes.toString('utf8'), 'utf8');
  let offset = 0;
  while (offset < bytes.length && bytes[offset] === roundTrip[offset]) offset++;
  return offset;
}

const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /\p{Cs}/u;

/** The path of the first string (or key) holding a lone surrogate, '' for the value itself. */
function loneSurrogatePath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  return firstPathWhere(value, path, (key, child) => LONE_SURROGATE.test(key) || (typeof child === 'string' && LONE_SURROGATE.test(child)));
}

function fail(field: string, reason: string): ParsedJson {
  return { ok: false, error: { field, reason } };
}
