import { UnsupportedMediaTypeException } from '@nestjs/common';
import { invalidUtf8Offset, invalidUtf8Reason } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';

const FORM_TYPE = 'application/x-www-form-urlencoded';
const DATA_FIELD = Buffer.from('data=');
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** A body's JSON text, and the name a refusal of it gives. */
export interface JsonText {
  bytes: Buffer;
  field: string;
}

/**
 * The JSON text of a body that posthog-js may send as a urlencoded form (sendBeacon, older
 * versions): `data=` the JSON, or its base64, which `compression=base64` in the query string
 * (or the form) announces and older versions send unannounced; PostHog's capture reads both.
 * A body that starts as JSON is JSON whatever type it claims (curl's -d sends JSON under
 * the form type); a body that is no form is taken as it is, or as base64 when the request says so.
 */
export function jsonTextOf(body: Buffer, mediaType: string | undefined, compression: string | undefined): JsonText {
  if (startsAsJson(body)) return { bytes: body, field: 'body' };
  const isForm = mediaType === FORM_TYPE || body.subarray(0, DATA_FIELD.length).equals(DATA_FIELD);
  if (!isForm) return readCompression(compression) === 'base64' ? fromBase64(body.toString('latin1'), 'body', true) : { bytes: body, field: 'body' };
  const form = formFields(body);
  const data = form.get('data');
  if (data === undefined) throw invalid('body', 'is a form without a data field: send the events as JSON, or as data=<the JSON or its base64>');
  if (data.trim() === '') throw invalid('data', 'is empty; send the events as JSON or its base64');
  const claimsBase64 = readCompression(compression ?? form.get('compression')) === 'base64';
  const text = Buffer.from(data, 'utf8');
  if (startsAsJson(text)) return { bytes: text, field: 'data' };
  // A `+` of the base64 left unescaped in the form reads as a space.
  return fromBase64(data.replace(/ /g, '+'), 'data', claimsBase64);
}

function startsAsJson(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (!WHITESPACE.has(byte)) return byte === 0x7b || byte === 0x5b;
  }
  return false;
}

/** The compression a request names, lower-cased; lz64 (older posthog-js, when its server offered it) is not read here. */
function readCompression(compression: string | undefined): string | undefined {
  const name = compression?.trim().toLowerCase();
  if (name === 'lz64' || name === 'lz-string') throw new UnsupportedMediaTypeException(`compression=${name} is not read here: send gzip, base64 or none`);
  return name;
}

function fromBase64(text: string, field: string, claimed: boolean): JsonText {
  const problem = base64Problem(text);
  if (problem !== undefined) throw invalid(field, claimed ? `is not valid base64, as compression=base64 says it is: ${problem}` : `is neither JSON nor base64: as base64, ${problem}`);
  return { bytes: Buffer.from(text, 'base64'), field: `${field} (decoded from base64)` };
}

/** Why the text is not base64 as posthog-js writes it (btoa: the standard alphabet, padded), or undefined. */
function base64Problem(text: string): string | undefined {
  const stray = /[^A-Za-z0-9+/=]/.exec(text);
  if (stray) return `${JSON.stringify(stray[0])} at offset ${stray.index} is not a base64 character`;
  if (!/^[^=]*={0,2}$/.test(text)) return `"=" at offset ${text.indexOf('=')} is padding before the end`;
  if (text.length % 4 !== 0) return `its length ${text.length} is not a multiple of 4`;
  return undefined;
}

/** The form's fields, each by its first value. */
function formFields(body: Buffer): Map<string, string> {
  const badByte = invalidUtf8Offset(body);
  if (badByte !== undefined) throw invalid('body', invalidUtf8Reason(body, badByte));
  const fields = new Map<string, string>();
  for (const pair of body.toString('utf8').split('&')) {
    const equals = pair.indexOf('=');
    const name = formDecoded(equals === -1 ? pair : pair.slice(0, equals), 'body');
    if (!fields.has(name)) fields.set(name, formDecoded(equals === -1 ? '' : pair.slice(equals + 1), name || 'body'));
  }
  return fields;
}

function formDecoded(text: string, field: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw invalid(field, 'is not valid form encoding: a %-escape is cut short or is not UTF-8');
  }
}

function invalid(field: string, reason: string): InvalidInputError {
  return new InvalidInputError([{ field, reason }], 'Invalid body');
}
