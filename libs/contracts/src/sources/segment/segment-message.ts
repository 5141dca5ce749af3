export const SEGMENT_CALL_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentCallType = (typeof SEGMENT_CALL_TYPES)[number];

/**
 * One message of Segment's HTTP Tracking API (also what RudderStack's SDKs and Jitsu send), after
 * validation. Messages are open: SDKs add fields of their own (`_metadata`, `rudderId`,
 * `previousId`, `groupId`...). Fields typed `unknown` are read where they hold what the spec says
 * and ignored otherwise.
 */
export interface SegmentMessage {
  type: SegmentCallType;
  /** The idempotency key: an SDK's retries carry the same. */
  messageId?: string | null;
  /** The track call's event name. */
  event?: string | null;
  /** The page's or screen's name. */
  name?: string | null;
  userId?: string | number | null;
  anonymousId?: string | number | null;
  properties?: Record<string, unknown> | null;
  traits?: Record<string, unknown> | null;
  context?: SegmentContext | null;
  integrations?: Record<string, unknown> | null;
  /** When the event happened, ISO 8601, by the client's clock. */
  timestamp?: unknown;
  /** RudderStack's name for the client's time. */
  originalTimestamp?: unknown;
  /** When the client sent the message, where the SDK dates each message (RudderStack, analytics.js). */
  sentAt?: unknown;
  channel?: string | null;
  writeKey?: string | null;
  [field: string]: unknown;
}

/** The parts of Segment's context the mapping reads; the rest is ignored. */
export interface SegmentContext {
  ip?: unknown;
  userAgent?: unknown;
  locale?: unknown;
  page?: { path?: unknown; url?: unknown; referrer?: unknown; title?: unknown; [field: string]: unknown } | null;
  library?: { name?: unknown; version?: unknown; [field: string]: unknown } | null;
  device?: { type?: unknown; manufacturer?: unknown; model?: unknown; [field: string]: unknown } | null;
  os?: { name?: unknown; version?: unknown; [field: string]: unknown } | null;
  app?: { namespace?: unknown; version?: unknown; [field: string]: unknown } | null;
  [field: string]: unknown;
}
