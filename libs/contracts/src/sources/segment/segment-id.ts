import { DEFAULT_PROJECT } from '../../event/canonical-event';
import { uuidFromText } from '../../dedup/uuid';

/**
 * Segment's dedup rule: a message is stored once per messageId within its project (the project
 * its write key belongs to, never the key's text: a rotated key gives a resent message the same
 * id), as Segment dedups per source. An SDK fixes the messageId when the call is made, so its
 * retries carry the same. Without a messageId there is no key, and each send is a new event.
 */
export function segmentIdOf(messageId: string | null | undefined, project: string | undefined): string | undefined {
  if (messageId == null || messageId === '') return undefined;
  return uuidFromText(`segment\u0000${project || DEFAULT_PROJECT}\u0000${messageId}`);
}
