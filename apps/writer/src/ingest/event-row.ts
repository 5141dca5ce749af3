import { ClientEvent, EventParam, instantOfIsoDate, instantOfUnixSeconds, Item } from '@tributary/contracts';

/** Where a message came from: part of its row, and the seed of ids for keyless messages. */
export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
}

export interface StoredEventFacts {
  id: string;
  receivedAt: Date;
  clientIp?: string;
  origin: MessageOrigin;
}

type Row = Record<string, unknown>;

/** One row of the events table: the event, its enrichment and its origin. */
export interface EventRow extends Row {
  id: string;
  name: string;
  event_id: string | null;
}

/** The event's time: the client's timestamp, else its date, else when the gateway received it. */
export function eventTimeOf(event: ClientEvent, receivedAt: Date): Date {
  if (event.timestamp != null) return instantOfUnixSeconds(event.timestamp);
  if (event.date != null) return instantOfIsoDate(event.date);
  return receivedAt;
}

export function toEventRow(event: ClientEvent, facts: StoredEventFacts): EventRow {
  const device = event.device ?? {};
  return {
    id: facts.id,
    name: event.name,
    channel_type: event.channel_type,
    event_time: eventTimeOf(event, facts.receivedAt).toISOString(),
    received_at: facts.receivedAt.toISOString(),
    client_timestamp: secondsToIso(event.timestamp),
    previous_timestamp: secondsToIso(event.previous_timestamp),
    client_date: event.date == null ? null : instantOfIsoDate(event.date).toISOString(),
    event_id: event.event_id ?? null,
    user_id: event.user_id ?? '',
    user_pseudo_id: event.user_pseudo_id ?? '',
    user_key: event.user_id || event.user_pseudo_id || '',
    client_ip: facts.clientIp ?? '',
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
    app_id: event.app_info?.id ?? '',
    app_version: event.app_info?.version ?? '',
    items: (event.items ?? []).map(itemRow),
    source_topic: facts.origin.topic,
    source_partition: facts.origin.partition,
    source_offset: facts.origin.offset,
  };
}

function secondsToIso(seconds: number | undefined): string | null {
  return seconds == null ? null : instantOfUnixSeconds(seconds).toISOString();
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
