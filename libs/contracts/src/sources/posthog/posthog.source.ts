import { Source } from '../source';
import { PostHogEvent } from './posthog-event';
import { POSTHOG_BATCH_ENVELOPE, POSTHOG_EVENT_SCHEMA, POSTHOG_LIMITS } from './posthog-event.schema';
import { posthogReceiptOf, posthogToCanonical } from './posthog-mapping';

const CAPTURE: PostHogEvent = {
  event: 'signed up',
  distinct_id: 'user-123',
  properties: { plan: 'pro', $lib: 'posthog-node', $lib_version: '5.70.0' },
  timestamp: '2024-01-15T10:30:00.000Z',
  uuid: '01a22dcc-6168-7271-86c6-101e7fc1a9fd',
};

/**
 * PostHog's capture API. Every path takes every shape PostHog's SDKs send: a batch
 * {api_key, batch: [...], sent_at}, one event with its api_key, or a bare array (older
 * posthog-js, its send time in the query string). Bodies are JSON whatever their Content-Type
 * (posthog-js sends gzip as text/plain), or a form `data=` the JSON or its base64 (its
 * sendBeacon). The answer is exactly 200 {"status":1}: posthog-js retries anything else, which
 * would duplicate the events. An invalid event is dropped and the others kept.
 */
export const POSTHOG_SOURCE: Source<PostHogEvent> = {
  name: 'posthog',
  title: 'PostHog capture (posthog-js, posthog-node and the other PostHog SDKs)',
  eventSchema: POSTHOG_EVENT_SCHEMA,
  maxEventBytes: POSTHOG_LIMITS.eventBytes,
  invalidEvent: 'drop-event',
  routes: [
    {
      // With or without a trailing slash: the HTTP layer takes `/batch/` as `/batch`.
      paths: ['/batch', '/e', '/i/v0/e', '/capture', '/track'],
      summary: `Capture PostHog events: a batch of up to ${POSTHOG_LIMITS.batchEvents} {"api_key", "batch": [...], "sent_at"}, one event with its api_key, or an array of events; JSON under any type, or posthog-js beacon forms data=<JSON or base64>`,
      reading: 'json-or-form',
      events: { field: 'batch', maxEvents: POSTHOG_LIMITS.batchEvents, orOne: true },
      envelope: POSTHOG_BATCH_ENVELOPE,
      openEnvelope: true,
      status: 200,
      respond: () => ({ status: 1 }),
      examples: {
        'posthog batch': { api_key: 'phc_YOUR_PROJECT_KEY', batch: [CAPTURE], sent_at: '2024-01-15T10:30:01.000Z' },
        'posthog event': { api_key: 'phc_YOUR_PROJECT_KEY', ...CAPTURE },
      },
    },
  ],
  // The body's api_key (or token), as PostHog's SDKs send it.
  writeKeyField: 'api_key',
  idsPerProject: true,
  receiptOf: posthogReceiptOf,
  toCanonical: posthogToCanonical,
};
