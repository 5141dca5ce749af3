import { CanonicalEvent, DEFAULT_PROJECT, eventTimeOf, EventParam, instantOfIsoDate, Item } from '@tributary/contracts';

/** Where a message came from: part of its row, and the seed of ids for keyless messages. */
export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
}

export interface StoredEventFacts {
  id: string;
  receivedAt: Date;
  origin: MessageOrigin;
}

type Row = Record<string, unknown>;

/** One row of the events table: the event, its enrichment and its origin. */
export interface EventRow extends Row {
  id: string;
  project: string;
  name: string;
  user_id: string;
  user_key: string;
  event_time: string;
  received_at: string;
  event_id: string | null;
  sent_at: string | null;
}

export function toEventRow(event: CanonicalEvent, facts: StoredEventFacts): EventRow {
  const device = event.device ?? {};
  return {
    id: facts.id,
    source: event.source,
    project: event.project ?? DEFAULT_PROJECT,
    name: event.name,
    channel_type: event.channel,
    kind: event.kind ?? '',
    event_time: eventTimeOf(event, facts.receivedAt).toISOString(),
    received_at: facts.receivedAt.toISOString(),
    client_timestamp: isoOrNull(event.time),
    previous_timestamp: isoOrNull(event.previous_time),
    sent_at: isoOrNull(event.sent_at),
    event_id: event.event_id ?? null,
    user_id: event.user_id ?? '',
    user_pseudo_id: event.anonymous_id ?? '',
    user_key: event.user_id || event.anonymous_id || '',
    client_ip: event.ip ?? '',
    user_agent: event.user_agent ?? '',
    country: event.country ?? '',
    site_id: event.site_id ?? '',
    page_path: event.page_path ?? '',
    page_url: event.page_url ?? '',
    page_referrer: event.page_referrer ?? '',
    event_params: (event.event_params ?? []).map(paramRow),
    user_params: (event.user_params ?? []).map(paramRow),
    device_category: device.category ?? '',
    device_mobile_brand_name: device.mobile_brand_name ?? '',
    device_mobile_model_name: device.mobile_model_name ?? '',
    device_operating_system: device.operating_system ?? '',
    device_operating_system_version: device.operating_system_version ?? '',
    device_language: device.language ?? '',
    device_browser_name: device.browser_name ?? '',
    device_browser_version: device.browser_version ?? '',
    device_hostname: device.hostname ?? '',
    app_id: event.app?.id ?? '',
    app_version: event.app?.version ?? '',
    items: (event.items ?? []).map(itemRow),
    // This form (`"key":value`, no spaces, one escaping) is what the property filters search for before they parse (propertyNeedles).
    properties: JSON.stringify(event.properties ?? {}),
    source_topic: facts.origin.topic,
    source_partition: facts.origin.partition,
    source_offset: facts.origin.offset,
  };
}

function isoOrNull(text: string | undefined): string | null {
  return text == null ? null : instantOfIsoDate(text).toISOString();
}

function paramRow(param: EventParam): Row {
  return {
    key: param.key,
    string_value: param.string_value ?? null,
    number_value: param.number_value ?? null,
    boolean_value: param.boolean_value ?? null,
  };
}

function itemRow(item: Item): Row {
  return {
    id: item.id ?? null,
    name: item.name ?? null,
    brand: item.brand ?? null,
    variant: item.variant ?? null,
    price_in_usd: item.price_in_usd ?? null,
    quantity: item.quantity ?? null,
    revenue_in_usd: item.revenue_in_usd ?? null,
  };
}
