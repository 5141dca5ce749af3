import { Source, SourceRoute } from '../source';
import { SegmentCallType, SegmentMessage } from './segment-message';
import { SEGMENT_BATCH_ENVELOPE, SEGMENT_LIMITS, SEGMENT_MESSAGE_SCHEMA, segmentMessageSchema } from './segment-message.schema';
import { segmentReceiptOf, segmentToCanonical } from './segment-mapping';

const TRACK: SegmentMessage = {
  type: 'track',
  messageId: 'node-next-1705314600000-9f26d043-3586-4d64-b684-748253e35f74',
  event: 'Order Completed',
  userId: 'user-123',
  properties: { revenue: 14.99, currency: 'USD' },
  context: { library: { name: '@segment/analytics-node', version: '3.1.0' } },
  timestamp: '2024-01-15T10:30:00.000Z',
};

/** What Segment's Tracking API answers an accepted request; the SDKs read only the status. */
const ACCEPTED = { success: true } as const;

/** The single calls, each on its documented path and the short path analytics.js posts to. */
const SINGLE_CALLS: ReadonlyArray<[SegmentCallType, string, SegmentMessage]> = [
  ['track', '/v1/t', TRACK],
  ['identify', '/v1/i', { type: 'identify', messageId: 'msg-2', userId: 'user-123', traits: { email: 'user@example.com' } }],
  ['page', '/v1/p', { type: 'page', messageId: 'msg-3', anonymousId: 'anon-1', name: 'Home', context: { page: { path: '/', url: 'https://example.com/', title: 'Home' } } }],
  ['screen', '/v1/s', { type: 'screen', messageId: 'msg-4', userId: 'user-123', name: 'Checkout' }],
  ['group', '/v1/g', { type: 'group', messageId: 'msg-5', userId: 'user-123', groupId: 'company-1', traits: { name: 'Initech' } }],
  ['alias', '/v1/a', { type: 'alias', messageId: 'msg-6', userId: 'user-123', previousId: 'anon-1' }],
];

const singleRoute = ([type, shortPath, { type: _implied, ...example }]: (typeof SINGLE_CALLS)[number]): SourceRoute => ({
  paths: [`/v1/${type}`, shortPath],
  summary: `Segment ${type} call (its type implied by the path)`,
  reading: 'json',
  events: { one: true, implied: { type } },
  eventSchema: segmentMessageSchema(type),
  status: 200,
  respond: () => ACCEPTED,
  examples: { [`segment ${type}`]: { ...example, writeKey: 'YOUR_WRITE_KEY' } },
});

/**
 * Segment's HTTP Tracking API, which RudderStack's SDKs and Jitsu also speak. Bodies are JSON
 * whatever their Content-Type says (older analytics.js sends text/plain, RudderStack's node SDK
 * a form type). An invalid message is dropped and the others kept: the SDKs drop a whole batch
 * on a 400 and never retry it.
 */
export const SEGMENT_SOURCE: Source<SegmentMessage> = {
  name: 'segment',
  title: 'Segment HTTP Tracking API (analytics-node, analytics.js, RudderStack, Jitsu)',
  eventSchema: SEGMENT_MESSAGE_SCHEMA,
  maxEventBytes: SEGMENT_LIMITS.messageBytes,
  invalidEvent: 'drop-event',
  routes: [
    {
      paths: ['/v1/batch', '/v1/b'],
      summary: `Send up to ${SEGMENT_LIMITS.batchMessages} Segment calls: {"batch": [...], "sentAt", "writeKey"}`,
      reading: 'json',
      events: { field: 'batch', maxEvents: SEGMENT_LIMITS.batchMessages },
      envelope: SEGMENT_BATCH_ENVELOPE,
      openEnvelope: true,
      status: 200,
      respond: () => ACCEPTED,
      examples: {
        'segment batch': { batch: [TRACK, SINGLE_CALLS[1][2]], writeKey: 'YOUR_WRITE_KEY', sentAt: '2024-01-15T10:30:01.000Z' },
      },
    },
    ...SINGLE_CALLS.map(singleRoute),
  ],
  // Basic auth's user name, as Segment's SDKs send it; the body's writeKey when there is none.
  writeKeyField: 'authorization',
  idsPerProject: true,
  receiptOf: segmentReceiptOf,
  toCanonical: segmentToCanonical,
};
