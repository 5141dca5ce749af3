import { isIP } from 'node:net';
import { CanonicalEvent } from '../../event/canonical-event';
import { AppInfo, Device, EventParam } from '../../event/event-parts';
import { instantOfIsoDate, isEventDate } from '../../event/iso-date';
import { EVENT_LIMITS as L } from '../../event/limits';
import { Receipt } from '../source';
import { PostHogEvent } from './posthog-event';
import { posthogIdOf } from './posthog-id';

const BROWSER_LIBRARY = /^(web|posthog-js-lite)$/;
const MOBILE_LIBRARY = /ios|android|react-native|flutter|unity|xamarin/i;
/** posthog-js's $referrer when there is none. */
const NO_REFERRER = '$direct';

/**
 * The canonical event of a valid PostHog event. Property strings longer than their column are
 * cut, not refused: the client does not choose a page's URL, and its SDK would never learn of a
 * refusal. The properties themselves are kept whole.
 */
export function posthogToCanonical(event: PostHogEvent, receipt: Receipt): CanonicalEvent {
  const properties = record(event.properties);
  const url = text(properties.$current_url);
  const referrer = text(properties.$referrer);
  const title = event.event === '$pageview' ? text(properties.title) : undefined;
  return {
    id: posthogIdOf(event.uuid, receipt.writeKey),
    source: 'posthog',
    name: event.event,
    channel: channelOfLib(text(properties.$lib)),
    event_id: event.uuid || undefined,
    user_id: userKeyOf(event.distinct_id) ?? userKeyOf(event.$distinct_id) ?? userKeyOf(properties.distinct_id),
    anonymous_id: clip(text(properties.$device_id), L.shortStringLength),
    time: instantOf(event.timestamp),
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
 * properties.token: one key a request, as PostHog takes it) and the batch's send time, unless
 * the batch is a historical import, whose times PostHog does not correct.
 */
export function posthogReceiptOf(body: unknown): Pick<Receipt, 'writeKey' | 'sentAt'> {
  const envelope = record(body);
  const events = Array.isArray(body) ? body : Array.isArray(envelope.batch) ? envelope.batch : [body];
  const writeKey = keyOf(envelope) ?? keyOf(record(events[0]));
  return { writeKey, sentAt: envelope.historical_migration === true ? undefined : instantOf(envelope.sent_at) };
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

/** The fields that have a value, each cut to a short string's length; undefined when none has. */
function partOf<T extends object>(fields: Record<string, string | undefined>): T | undefined {
  const present = Object.entries(fields).filter(([, value]) => value !== undefined);
  return present.length === 0 ? undefined : (Object.fromEntries(present.map(([key, value]) => [key, clip(value, L.shortStringLength)])) as T);
}

function userKeyOf(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function instantOf(value: unknown): string | undefined {
  return typeof value === 'string' && isEventDate(value) ? instantOfIsoDate(value).toISOString() : undefined;
}

function ipOf(value: unknown): string | undefined {
  return typeof value === 'string' && isIP(value) !== 0 ? value : undefined;
}

function urlOf(value: string | undefined): URL | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  return new URL(value);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A string or number as text (posthog-js sends $browser_version as a number); anything else, and the empty string, as absent. */
function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** At most `max` characters (code points, as the schemas count them), never half a surrogate pair. */
function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined || value.length <= max) return value;
  return Array.from(value).slice(0, max).join('');
}
