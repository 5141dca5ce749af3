import { FieldError, invalidUtf8Offset, invalidUtf8Reason, parseJsonText } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';

/**
 * NDJSON: one event a line, as high-volume producers send batches (seed 003); blank lines are
 * skipped. The bytes are held to UTF-8 first: a decoder would replace bad bytes with U+FFFD and
 * the event would be stored altered.
 */
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
