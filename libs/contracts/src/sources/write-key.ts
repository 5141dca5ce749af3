import { Headers, RequestFields, Source } from './source';

/** The header that carries the write key of Tributary's own endpoints and the seeds', and of any source whose own place is empty. */
export const WRITE_KEY_HEADER = 'x-write-key';

/** Where a source's write key goes, as a refusal names it. */
export function writeKeyFieldOf(source: Source): string {
  return source.writeKeyField ?? WRITE_KEY_HEADER;
}

/**
 * The write key of a request: where the source's protocol sends it (Segment's Basic auth user or
 * body writeKey, PostHog's api_key or token: `fields`, as the source's receiptOf reads them), else
 * the X-Write-Key header.
 */
export function writeKeyOfRequest(fields: RequestFields, headers: Headers): string | undefined {
  if (fields.writeKey) return fields.writeKey;
  const named = headers[WRITE_KEY_HEADER];
  return (Array.isArray(named) ? named[0] : named) || undefined;
}
