import { EVENT_LIMITS as L } from '../../event/limits';
import { JsonSchema } from '../../schema/compile-schema';
import { SEGMENT_CALL_TYPES, SegmentCallType } from './segment-message';

/** Segment's documented limits: a message, a batch (whose 500 KB the gateway's body limit bounds). */
export const SEGMENT_LIMITS = { messageBytes: 32 * 1024, batchMessages: 2500 } as const;

const userKey = (description: string): JsonSchema => ({
  // RudderStack's SDK and analytics-node 6 accept numbers as well as strings.
  oneOf: [{ type: 'string', maxLength: L.shortStringLength, nullable: true }, { type: 'number' }],
  description,
  'x-reason': `must be a string of at most ${L.shortStringLength} characters, or a number`,
});

const object = (description: string): JsonSchema => ({ type: 'object', nullable: true, description });

/** A client time: read when it is ISO 8601 within 2000..2100, else the event is dated on receipt (a device's clock may say 1970). */
const clientTime = (description: string): JsonSchema => ({ description, example: '2024-01-15T10:30:00.000Z' });

const present: JsonSchema = { not: { enum: [null, ''] } };

/**
 * A rule over several fields, reported once in its own words: ajv reports every branch of an
 * anyOf apart, but a `not` only as itself.
 */
const rule = (reason: string, holds: JsonSchema): JsonSchema => ({ not: { not: holds }, 'x-reason': reason });

const HAS_USER = rule('must have a userId or an anonymousId (neither is empty)', {
  anyOf: [
    { required: ['userId'], properties: { userId: present } },
    { required: ['anonymousId'], properties: { anonymousId: present } },
  ],
});

const TRACK_REASON = 'must have an event, the name of the track call';
const NAMES_EVENT = { required: ['event'], properties: { event: present } };
const TRACK_NAMES_EVENT = rule(TRACK_REASON, { anyOf: [{ not: { required: ['type'], properties: { type: { enum: ['track'] } } } }, NAMES_EVENT] });
/** On POST /v1/track, a message without a type is a track call too. */
const TRACK_OR_UNTYPED_NAMES_EVENT = rule(TRACK_REASON, { anyOf: [{ required: ['type'], properties: { type: { not: { enum: ['track'] } } } }, NAMES_EVENT] });

const MESSAGE_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  type: { type: 'string', enum: SEGMENT_CALL_TYPES, description: 'The call: implied by the path of a single call (/v1/track...), required in a batch.' },
  messageId: {
    type: 'string',
    minLength: 1,
    maxLength: L.eventIdLength,
    nullable: true,
    description: "The message's id: a resend with the same messageId (an SDK's retry) is counted once. Without one, each send is a new event.",
  },
  event: { type: 'string', minLength: 1, maxLength: L.nameLength, nullable: true, description: 'The name of a track call.' },
  name: { type: 'string', maxLength: L.nameLength, nullable: true, description: "The page's or screen's name: the event's name ('page' or 'screen' without one)." },
  userId: userKey('Your id of the user; a userId or an anonymousId is required.'),
  anonymousId: userKey('The id of a user not known yet.'),
  properties: object('The properties of a track, page or screen call, kept whole.'),
  traits: object('The traits of an identify or group call, kept whole.'),
  context: {
    type: 'object',
    nullable: true,
    description: 'What the SDK knows of where the call was made. Read: ip, userAgent, locale, page, library, device, os, app; the rest is not stored.',
    properties: {
      ip: { description: "The user's address (a server SDK's request comes from the server): used when it is an IP address." },
      userAgent: { description: "The user's browser." },
      locale: { description: "The user's language, such as en-US." },
      page: { description: 'path, url, referrer and title of the page.' },
      library: { description: 'The SDK, {name, version}: its name gives the channel when the message has none.' },
      device: { description: 'type, manufacturer, model.' },
      os: { description: 'name, version.' },
      app: { description: 'namespace (the app id), version.' },
    },
  },
  integrations: object('Which destinations to send to: accepted, not stored.'),
  timestamp: clientTime('When the event happened, ISO 8601, by the client clock.'),
  originalTimestamp: clientTime("RudderStack's client time, used when timestamp is absent."),
  sentAt: clientTime('When the client sent this message, by the clock that dated it.'),
  channel: { type: 'string', maxLength: L.keyLength, nullable: true, description: "Where the call came from (RudderStack: server, web, mobile); without it, the SDK's kind." },
  writeKey: { type: 'string', minLength: 1, maxLength: L.keyLength, nullable: true, description: 'The write key of a single call, when the Authorization header does not carry it.' },
};

/**
 * One call of Segment's spec: the one definition, compiled into its validator and served as its
 * OpenAPI body. A single call's path implies its type: its message may leave `type` out.
 */
export function segmentMessageSchema(impliedType?: SegmentCallType): JsonSchema {
  return {
    type: 'object',
    // Open, as Segment's API is: SDKs add fields of their own, and a refused message is lost to its SDK.
    additionalProperties: true,
    required: impliedType ? [] : ['type'],
    properties: impliedType ? { ...MESSAGE_PROPERTIES, type: { ...MESSAGE_PROPERTIES.type, default: impliedType } } : MESSAGE_PROPERTIES,
    allOf: [HAS_USER, impliedType === 'track' ? TRACK_OR_UNTYPED_NAMES_EVENT : TRACK_NAMES_EVENT],
  };
}

export const SEGMENT_MESSAGE_SCHEMA = segmentMessageSchema();

/**
 * The rest of a batch body, beside `batch`: what is read, and what the SDKs are known to add
 * (the envelope is open: Segment's API ignores what it does not read).
 */
export const SEGMENT_BATCH_ENVELOPE: Readonly<Record<string, JsonSchema>> = {
  writeKey: { type: 'string', minLength: 1, maxLength: L.keyLength, nullable: true, description: 'The write key, when the Authorization header does not carry it.' },
  sentAt: clientTime('When the batch was sent, by the clock that dated its messages.'),
  context: { description: 'Context for every message (analytics-go, analytics-java): accepted, not read; the mapping reads each message\'s own.' },
  integrations: { description: 'Destinations for every message: accepted, not stored.' },
  timestamp: { description: 'Sent by RudderStack and analytics-node 6 beside sentAt: not read.' },
  messageId: { description: "The batch's own id (analytics-go, Analytics.NET): not read." },
  type: { description: "'batch' (analytics-go): not read." },
  sequence: { description: 'A batch counter (analytics-java): not read.' },
};
