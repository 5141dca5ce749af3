import { FieldError, invalidUtf8Offset, invalidUtf8Reason, parseJsonText, parseJsonUtf8 } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';
import { FastifyInstance } from 'fastify';

export const NDJSON = 'application/x-ndjson';
const JSON_TYPE = 'application/json';

/**
 * The gateway reads JSON and NDJSON; anything else (Fastify also reads text/plain by default)
 * is answered 415. Both are read as bytes and held to UTF-8 (parseJsonUtf8): a decoder would
 * otherwise replace bad bytes with U+FFFD and the event would be stored altered.
 * NDJSON: one event a line, as high-volume producers send batches (seed 003). It parses into
 * the same `{ events: [...] }` a JSON batch carries; blank lines are skipped.
 */
export function registerEventBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['text/plain', JSON_TYPE]);
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    const parsed = parseJsonUtf8(body as Buffer, '');
    if (parsed.ok) done(null, parsed.value);
    else done(new InvalidInputError([parsed.error], 'Invalid body'), undefined);
  });
  fastify.addContentTypeParser(NDJSON, { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, { events: parseNdjson(body as Buffer) });
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

export function parseNdjson(body: Buffer): unknown[] {
  const badByte = invalidUtf8Offset(body);
  if (badByte !== undefined) throw new InvalidInputError([lineWithInvalidUtf8(body, badByte)], 'Invalid NDJSON batch');
  const events: unknown[] = [];
  const errors: FieldError[] = [];
  body.toString('utf8').split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = parseJsonText(line, `events[${events.length + errors.length}]`);
    if (parsed.ok) events.push(parsed.value);
    else errors.push({ field: parsed.error.field, reason: `line ${index + 1} ${parsed.error.reason}` });
  });
  if (errors.length > 0) throw new InvalidInputError(errors, 'Invalid NDJSON batch');
  return events;
}

/** The event, and the line, whose bytes are not UTF-8: only for the answer, so the bytes are not split by line on every request. */
function lineWithInvalidUtf8(body: Buffer, badByte: number): FieldError {
  const linesBefore = body.subarray(0, badByte).toString('utf8').split('\n');
  const eventIndex = linesBefore.slice(0, -1).filter((line) => line.trim() !== '').length;
  return { field: `events[${eventIndex}]`, reason: `line ${linesBefore.length} ${invalidUtf8Reason(body, badByte)}` };
}
