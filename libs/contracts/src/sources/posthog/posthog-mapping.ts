import { AppInfo, Device, EventParam } from '../../event/event-parts';
import { isEventInstant } from '../../event/iso-date';
import { EVENT_LIMITS as L } from '../../event/limits';
import { clip, instantOf, ipOf, partOf, record, textOrNumber as text, urlOf } from '../sdk-fields';
import { Headers, MappedEvent, Query, Receipt, RequestFields } from '../source';
import { PostHogEvent } from './posthog-event';
import { posthogIdOf } from './posthog-id';

const BROWSER_LIBRARY = /^(web|posthog-js-lite)$/;
const MOBILE_LIBRARY = /ios|android|react-native|flutter|unity|xamarin/i;
/** posthog-js's $referrer when there is none. */
const NO_REFERRER = '$direct';

/** posthog-js's send time in the query string, in Unix milliseconds: `sent_at`, or `_` in older versions. */
const QUERY_SENT_AT = ['sent_at', '_'];

/**
 * The canonical event of a valid PostHog event. Property strings longer than their column are
 * cut, not refused: the client does not choose a page's URL, and its SDK would never learn of a
 * refusal. The properties themselves are kept whole. `$ignore_sent_at: true` leaves the event
 * without its batch's send time, so its time is not corrected (PostHog reads only `true` so).
 * Strings and numbers are read alike: posthog-js sends $browser_version as a number.
 */
export function posthogToCanonical(event: PostHogEvent, receipt: Receipt): MappedEvent {
  const properties = record(event.properties);
  const url = text(properties.$current_url);
  const referrer = text(properties.$referrer);
  const title = event.event === '$pageview' ? text(properties.title) : undefined;
  const offsetTime = event.timestamp == null ? timeBeforeReceipt(event.offset, receipt.receivedAt) : undefined;
  return {
    id: posthogIdOf(event.uuid, receipt.project),
    source: 'posthog',
    name: event.event,
    channel: channelOfLib(text(properties.$lib)),
    event_id: event.uuid || undefined,
    user_id: text(event.distinct_id) ?? text(event.$distinct_id) ?? text(properties.distinct_id),
    anonymous_id: clip(text(properties.$device_id), L.shortStringLength),
    time: instantOf(event.timestamp) ?? offsetTime,
    // A time counted back from the receipt is the server's, with no client clock to correct.
    sent_at: properties.$ignore_sent_at === true || offsetTime !== undefined ? null : undefined,
    ip: ipOf(properties.$ip),
    user_agent: clip(text(properties.$raw_user_agent), L.stringValueLength),
    page_url: clip(url, L.stringValueLength),
    page_path: clip(text(properties.$pathname) ?? urlOf(url)?.pathname, L.stringValueLength),
    page_referrer: clip(referrer === NO_REFERRER ? undefined : referrer, L.stringValueLength),
    device: partOf<Device>({
      category: text(properties.$device_type),
      mobile_brand_name: text(properties.$device_manufacturer),
      mobile_model_name: text(properties.$device_model),
      operating_system: text(properties.$os),
      operating_system_version: text(properties.$os_version),
      language: text(properties.$browser_language) ?? text(properties.$locale),
      browser_name: text(properties.$browser),
      browser_version: text(properties.$browser_version),
      hostname: text(properties.$host) ?? urlOf(url)?.hostname,
    }),
    app: partOf<AppInfo>({ id: text(properties.$app_namespace), version: text(properties.$app_version) }),
    event_params: title === undefined ? undefined : [{ key: 'page_title', string_value: clip(title, L.stringValueLength) } as EventParam],
    properties: event.properties ?? undefined,
  };
}

/**
 * The project's key (the batch's api_key, else its first event's own key or posthog-js's
 * properties.token: one key a request, as PostHog takes it) and the batch's send time (its
 * sent_at, else the one posthog-js puts in the query string beside a body without one), unless
 * the batch is a historical import, whose times PostHog does not correct.
 */
export function posthogReceiptOf(body: unknown, _headers: Headers = {}, query: Query = {}): RequestFields {
  const envelope = record(body);
  const events = Array.isArray(body) ? body : Array.isArray(envelope.batch) ? envelope.batch : [body];
  const writeKey = keyOf(envelope) ?? keyOf(record(events[0]));
  if (envelope.historical_migration === true) return { writeKey, sentAt: undefined };
  return { writeKey, sentAt: instantOf(envelope.sent_at) ?? queryInstantOf(query) };
}

/** Whole Unix milliseconds within 2000..2100, the first of the query's send-time parameters that has one. */
function queryInstantOf(query: Query): string | undefined {
  for (const name of QUERY_SENT_AT) {
    const value = query[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined || !/^\d+$/.test(first)) continue;
    const instant = new Date(Number(first));
    if (isEventInstant(instant)) return instant.toISOString();
  }
  return undefined;
}

function keyOf(fields: Record<string, unknown>): string | undefined {
  return text(fields.api_key) ?? text(fields.token) ?? text(fields.$token) ?? text(record(fields.properties).token);
}

/** posthog-js says `web`; the server SDKs (posthog-node, posthog-python...) and a bare HTTP call are `server`. */
export function channelOfLib(lib: string | undefined): string {
  if (lib === undefined) return 'server';
  if (BROWSER_LIBRARY.test(lib)) return 'web';
  return MOBILE_LIBRARY.test(lib) ? 'mobile' : 'server';
}

/** posthog-js's queued batches say how many milliseconds before sending each event happened: PostHog dates them that long before their receipt. */
function timeBeforeReceipt(offset: unknown, receivedAt: Date): string | undefined {
  if (typeof offset !== 'number' || !Number.isFinite(offset) || offset < 0) return undefined;
  const time = new Date(receivedAt.getTime() - Math.round(offset));
  return isEventInstant(time) ? time.toISOString() : undefined;
}
