import { FieldError } from '@tributary/contracts';
import { FieldValidationException } from '@tributary/platform';
import { FastifyInstance } from 'fastify';

export const NDJSON = 'application/x-ndjson';

/**
 * The gateway reads JSON and NDJSON; anything else (Fastify also reads text/plain by default)
 * is answered 415.
 * NDJSON: one event a line, as high-volume producers send batches (seed 003). It parses into
 * the same `{ events: [...] }` a JSON batch carries; blank lines are skipped.
 */
export function registerEventBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(NDJSON, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, { events: parseNdjson(String(body)) });
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

export function parseNdjson(text: string): unknown[] {
  const events: unknown[] = [];
  const errors: FieldError[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line));
    } catch (error) {
      errors.push({ field: `events[${events.length + errors.length}]`, reason: `line ${index + 1} is not valid JSON: ${(error as Error).message}` });
    }
  });
  if (errors.length > 0) throw new FieldValidationException(errors, 'Invalid NDJSON batch');
  return events;
}
