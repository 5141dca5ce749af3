import { Access, DEFAULT_PROJECT, EVENT_LIMITS, Headers, KeyRefusal, RequestFields, ROLES_THAT_WRITE, Source, writeKeyFieldOf, writeKeyOfRequest } from '@tributary/contracts';
import { InvalidInputError, UnauthorizedError } from '@tributary/platform';

const REASONS: Record<KeyRefusal, string> = {
  missing: 'is missing: send the project\'s write key',
  unknown: 'is not a write key (unknown, or a read or admin key)',
  wrong_role: 'is not a write key (unknown, or a read or admin key)',
};

/** Where each source's producers put the key, as a refusal tells them. */
function hintOf(source: Source): string {
  const field = writeKeyFieldOf(source);
  if (field === 'authorization') return "as Basic auth's user name (Segment's writeKey), the body's writeKey, or X-Write-Key";
  if (field === 'api_key') return "in the body's api_key (PostHog's project key), or X-Write-Key";
  return 'in the X-Write-Key header';
}

/**
 * The project a request's events go into: the one its write key belongs to, read where the
 * source's protocol sends it (`fields`, from the source's receiptOf) or from X-Write-Key; the
 * default project when keys are off (the key is not resolved).
 * A request without a write key of the ring is refused 401, naming where the key goes; the key
 * itself is never quoted, nor logged.
 */
export function projectOfWrite(access: Access, source: Source, fields: RequestFields, headers: Headers): string {
  if (access.mode === 'open') {
    refuseOverlongKey(fields.writeKey);
    return DEFAULT_PROJECT;
  }
  const resolved = access.resolve(writeKeyOfRequest(fields, headers), ROLES_THAT_WRITE);
  if (resolved.ok) return resolved.project;
  const field = writeKeyFieldOf(source);
  throw new UnauthorizedError([{ field, reason: `${REASONS[resolved.refusal]} ${hintOf(source)}` }], 'No valid write key, nothing was accepted');
}

/**
 * With keys off, a key in the protocol's own place longer than any key may be is still refused
 * 400, as the protocol's field takes no longer one. With keys on it is no key of the ring: a 401.
 */
function refuseOverlongKey(key: string | undefined): void {
  if (key && key.length > EVENT_LIMITS.keyLength) {
    throw new InvalidInputError([{ field: 'write key', reason: `is ${key.length} characters long, over the limit of ${EVENT_LIMITS.keyLength}` }], 'Invalid write key');
  }
}
