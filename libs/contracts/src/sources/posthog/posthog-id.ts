import { DEFAULT_PROJECT } from '../../event/canonical-event';
import { uuidFromText } from '../../dedup/uuid';

/**
 * PostHog's dedup rule: an event is stored once per uuid within its project (the project
 * its api_key belongs to, never the key's text: a rotated key gives a resent event the same id). The
 * SDKs make the uuid with the event, so their retries carry the same; a UUID's letters may come
 * in either case. Without a uuid there is no key, and each send is a new event, as in PostHog.
 */
export function posthogIdOf(uuid: string | null | undefined, project: string | undefined): string | undefined {
  if (uuid == null || uuid === '') return undefined;
  return uuidFromText(`posthog\u0000${project || DEFAULT_PROJECT}\u0000${uuid.toLowerCase()}`);
}
