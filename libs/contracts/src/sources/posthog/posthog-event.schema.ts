import { EVENT_LIMITS as L } from '../../event/limits';
import { JsonSchema } from '../../schema/compile-schema';

export const POSTHOG_LIMITS = {
  /**
   * Below the canonical 64 KB: the canonical event keeps the properties whole and copies up to a
   * few KB of them (URLs, user agent, device) into columns of their own.
   */
  eventBytes: 56 * 1024,
  /** PostHog bounds a batch by bytes alone (the gateway's body limit does here); its SDKs send 100 to 1,000. */
  batchEvents: 10_000,
} as const;

const UUID = '^$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const distinctId = (description: string): JsonSchema => ({
  // PostHog's SDKs send strings; its capture takes numbers too.
  oneOf: [{ type: 'string', maxLength: L.shortStringLength, nullable: true }, { type: 'number' }],
  description,
  'x-reason': `must be a string of at most ${L.shortStringLength} characters, or a number`,
});

const projectKey = (description: string): JsonSchema => ({ type: 'string', minLength: 1, maxLength: L.keyLength, nullable: true, description });

const present: JsonSchema = { not: { enum: [null, ''] } };

/**
 * A rule over several fields, reported once in its own words: ajv reports every branch of an
 * anyOf apart, but a `not` only as itself.
 */
const rule = (reason: string, holds: JsonSchema): JsonSchema => ({ not: { not: holds }, 'x-reason': reason });

const HAS_DISTINCT_ID = rule('must have a distinct_id (or properties.distinct_id)', {
  anyOf: [
    { required: ['distinct_id'], properties: { distinct_id: present } },
    { required: ['$distinct_id'], properties: { $distinct_id: present } },
    { required: ['properties'], properties: { properties: { type: 'object', required: ['distinct_id'], properties: { distinct_id: present } } } },
  ],
});

/** One PostHog event: the one definition, compiled into its validator and served as its OpenAPI body. */
export const POSTHOG_EVENT_SCHEMA: JsonSchema = {
  type: 'object',
  // Open, as PostHog's capture is: SDKs add fields of their own, and a refused event is lost to its SDK.
  additionalProperties: true,
  required: ['event'],
  properties: {
    event: { type: 'string', minLength: 1, maxLength: L.nameLength, description: "The event's name ($pageview, $identify, your own)." },
    distinct_id: distinctId('The user (anonymous or identified): a distinct_id is required, here or in properties.'),
    $distinct_id: distinctId('Another name for distinct_id.'),
    properties: {
      type: 'object',
      nullable: true,
      description:
        'Kept whole. Read besides: $current_url, $pathname, $referrer, $host, title; $os, $os_version, $browser, $browser_version, $browser_language, $device_type, $device_manufacturer, $device_model; $app_namespace, $app_version; $raw_user_agent, $ip, $device_id; $lib (the channel); $ignore_sent_at (true: the event\'s time is not corrected by its batch\'s send time).',
      properties: {
        distinct_id: distinctId('The user, where the event does not name it itself.'),
        token: projectKey("The project's key, as posthog-js sends it."),
      },
    },
    timestamp: {
      description: 'When the event happened, ISO 8601, by the client clock; outside 2000..2100 or unreadable, the event is dated on receipt.',
      example: '2024-01-15T10:30:00.000Z',
    },
    offset: {
      description: 'Without a timestamp: how many milliseconds before the request the event happened, as posthog-js sends its queued events; the event is dated that long before its receipt.',
      example: 1520,
    },
    uuid: {
      type: 'string',
      pattern: UUID,
      nullable: true,
      description: "The event's id: a resend with the same uuid (an SDK's retry) is counted once.",
      'x-reason': 'must be a UUID such as 01a22dcc-6168-7271-86c6-101e7fc1a9fd',
    },
    api_key: projectKey("The project's key, in a body that is one event."),
    token: projectKey('Another name for api_key.'),
    $token: projectKey('Another name for api_key.'),
  },
  allOf: [HAS_DISTINCT_ID],
};

/**
 * The rest of a batch body, beside `batch`: what is read, and what the SDKs are known to add
 * (the envelope is open: PostHog's capture ignores what it does not read).
 */
export const POSTHOG_BATCH_ENVELOPE: Readonly<Record<string, JsonSchema>> = {
  api_key: projectKey("The project's key."),
  token: projectKey('Another name for api_key.'),
  sent_at: {
    description: "When the batch was sent, ISO 8601, by the clock that dated its events. Without it, posthog-js's `sent_at` or `_` in the query string (Unix milliseconds) is read.",
    example: '2024-01-15T10:30:01.000Z',
  },
  historical_migration: { description: 'true for an import of past events: the batch\'s sent_at is not kept, so their times are not corrected.' },
  sentAt: { description: 'Sent by posthog-python: not read, as PostHog does not read it.' },
  timestamp: { description: 'Sent by posthog-android beside sent_at: not read.' },
};
