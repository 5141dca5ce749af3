import { IP_ADDRESS_FORMAT, ISO_8601_FORMAT, JsonSchema } from '../schema/compile-schema';
import { objectOf } from '../schema/schema-parts';
import { APP_INFO_SCHEMA, DEVICE_SCHEMA, ITEM_LIST_SCHEMA, PARAM_LIST_SCHEMA } from './event-parts';
import { EVENT_LIMITS as L } from './limits';

const text = (maxLength: number, extra: JsonSchema = {}) => ({ type: 'string', maxLength, ...extra }) as const;

const instant = {
  type: 'string',
  format: ISO_8601_FORMAT,
  'x-reason': 'must be an ISO 8601 date-time from 2000-01-01 to 2100-01-01',
} as const;

/** The canonical event (canonical-event.ts) as JSON: what the writer holds a v2 message to. */
export const CANONICAL_EVENT_SCHEMA: JsonSchema = objectOf(
  {
    id: { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', 'x-reason': 'must be a UUID in lower case' },
    source: text(L.keyLength, { minLength: 1, pattern: '^[a-z0-9][a-z0-9_-]*$', 'x-reason': 'must be a name of lower-case letters, digits, - and _' }),
    project: text(L.keyLength, { minLength: 1 }),
    name: text(L.nameLength, { minLength: 1 }),
    channel: text(L.keyLength),
    kind: text(L.keyLength),
    event_id: text(L.eventIdLength, { minLength: 1 }),
    user_id: text(L.shortStringLength),
    anonymous_id: text(L.shortStringLength),
    time: instant,
    sent_at: instant,
    previous_time: instant,
    ip: { type: 'string', format: IP_ADDRESS_FORMAT, 'x-reason': 'must be an IPv4 or IPv6 address' },
    user_agent: text(L.stringValueLength),
    country: { type: 'string', pattern: '^[A-Z]{2}$', 'x-reason': 'must be an ISO 3166-1 alpha-2 code such as DE' },
    site_id: text(L.shortStringLength),
    page_path: text(L.stringValueLength),
    page_url: text(L.stringValueLength),
    page_referrer: text(L.stringValueLength),
    device: DEVICE_SCHEMA,
    app: APP_INFO_SCHEMA,
    event_params: PARAM_LIST_SCHEMA,
    user_params: PARAM_LIST_SCHEMA,
    items: ITEM_LIST_SCHEMA,
    properties: { type: 'object' },
  },
  { required: ['source', 'name', 'channel'] },
);
