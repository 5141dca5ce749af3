/**
 * One event of PostHog's capture API, after validation. Events are open, as PostHog's capture
 * ignores fields it does not know. Fields typed `unknown` are read where they hold what PostHog
 * reads there and ignored otherwise.
 */
export interface PostHogEvent {
  event: string;
  /** The user: here, as `$distinct_id`, or as `properties.distinct_id` (posthog-js's older builds). */
  distinct_id?: string | number | null;
  $distinct_id?: string | number | null;
  properties?: Record<string, unknown> | null;
  /** When the event happened, ISO 8601, by the client's clock. */
  timestamp?: unknown;
  /** Without a timestamp: how many milliseconds before the request the event happened (posthog-js's queued batches). */
  offset?: unknown;
  /** The idempotency key (a UUIDv7 from the SDKs); an empty one is none, as PostHog reads it. */
  uuid?: string | null;
  /** The project's key, in a body that is one event (else `properties.token`). */
  api_key?: string | null;
  token?: string | null;
  $token?: string | null;
  [field: string]: unknown;
}
