import { CanonicalEvent } from '../../event/canonical-event';
import { AppInfo, Device, EventParam } from '../../event/event-parts';
import { EVENT_LIMITS as L } from '../../event/limits';
import { basicAuthUser } from '../basic-auth';
import { clip, instantOf, ipOf, partOf, record, text, textOrNumber, urlOf } from '../sdk-fields';
import { Headers, Receipt, RequestFields } from '../source';
import { segmentIdOf } from './segment-id';
import { SegmentMessage } from './segment-message';

const BROWSER_LIBRARY = /analytics\.js|analytics-next/i;
const MOBILE_LIBRARY = /ios|android|swift|kotlin|react-native|flutter|xamarin|unity/i;
/** RudderStack's JavaScript SDK's referrer when there is none. */
const NO_REFERRER = '$direct';

/**
 * The canonical event of a valid message. Context strings longer than their column are cut, not
 * refused: the client does not choose a page's URL, and its SDK would never learn of a refusal.
 */
export function segmentToCanonical(message: SegmentMessage, receipt: Receipt): CanonicalEvent {
  const context = record(message.context);
  const page = record(context.page);
  const ownPage = message.type === 'page' ? record(message.properties) : {};
  const url = text(page.url) ?? text(ownPage.url);
  const title = text(page.title) ?? text(ownPage.title);
  const referrer = text(page.referrer) ?? text(ownPage.referrer);
  return {
    id: segmentIdOf(message.messageId, receipt.project),
    source: 'segment',
    name: nameOf(message),
    channel: text(message.channel) ?? channelOfLibrary(text(record(context.library).name)),
    kind: message.type,
    event_id: message.messageId ?? undefined,
    user_id: textOrNumber(message.userId),
    anonymous_id: textOrNumber(message.anonymousId),
    time: instantOf(message.timestamp) ?? instantOf(message.originalTimestamp),
    sent_at: instantOf(message.sentAt),
    ip: ipOf(context.ip),
    user_agent: clip(text(context.userAgent), L.stringValueLength),
    page_url: clip(url, L.stringValueLength),
    page_path: clip(text(page.path) ?? text(ownPage.path) ?? urlOf(url)?.pathname, L.stringValueLength),
    page_referrer: clip(referrer === NO_REFERRER ? undefined : referrer, L.stringValueLength),
    device: deviceOf(context, urlOf(url)?.hostname),
    app: appOf(record(context.app)),
    event_params: title === undefined ? undefined : [{ key: 'page_title', string_value: clip(title, L.stringValueLength) } as EventParam],
    properties: (message.type === 'identify' || message.type === 'group' ? message.traits : message.properties) ?? undefined,
  };
}

/** The write key (Basic auth's user name, else the body's writeKey) and the batch's send time. */
export function segmentReceiptOf(body: unknown, headers: Headers): RequestFields {
  const fields = record(body);
  return { writeKey: basicAuthUser(headers.authorization) ?? text(fields.writeKey), sentAt: instantOf(fields.sentAt) };
}

function nameOf(message: SegmentMessage): string {
  if (message.type === 'track') return message.event as string;
  if (message.type === 'page' || message.type === 'screen') return text(message.name) ?? message.type;
  return message.type;
}

/** The channel of a message that names none: web for analytics.js, mobile for the mobile SDKs, server for the rest (server SDKs, a bare HTTP call). */
export function channelOfLibrary(library: string | undefined): string {
  if (library === undefined) return 'server';
  if (BROWSER_LIBRARY.test(library)) return 'web';
  return MOBILE_LIBRARY.test(library) ? 'mobile' : 'server';
}

function deviceOf(context: Record<string, unknown>, hostname: string | undefined): Device | undefined {
  const device = record(context.device);
  const os = record(context.os);
  return partOf<Device>({
    category: text(device.type),
    mobile_brand_name: text(device.manufacturer),
    mobile_model_name: text(device.model),
    operating_system: text(os.name),
    operating_system_version: textOrNumber(os.version),
    language: text(context.locale),
    hostname,
  });
}

function appOf(app: Record<string, unknown>): AppInfo | undefined {
  return partOf<AppInfo>({ id: text(app.namespace), version: textOrNumber(app.version) });
}
