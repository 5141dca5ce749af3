import { DEFAULT_PROJECT } from '../../event/canonical-event';
import { uuidFromText } from '../../dedup/uuid';

/**
 * PostHog's dedup rule: an event is stored once per uuid within its project (its api_key). The
 * SDKs make the uuid with the event, so their retries carry the same; a UUID's letters may come
 * in either case. Without a uuid there is no key, and each send is a new event, as in PostHog.
 */
export function posthogIdOf(uuid: string | null | undefined, apiKey: string | undefined): string | undefined {
  if (uuid == null || uuid === '') return undefined;
  return uuidFromText(`posthog\u0000${apiKey || DEFAULT_PROJECT}\u0000${uuid.toLowerCase()}`);
}
