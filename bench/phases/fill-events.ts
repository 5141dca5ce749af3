import { ClickHouseClient } from '@clickhouse/client';

/** Rows per INSERT … SELECT: bounds each statement's memory and time. */
const FILL_CHUNK = 2_000_000;
/** The filled events span these 90 days (UTC), so that monthly partitions and time ranges are realistic. */
export const FILL_START = new Date('2025-01-01T00:00:00Z');
export const FILL_DAYS = 90;

/**
 * Appends `count` synthetic events straight in ClickHouse, numbered from `first` (deterministic
 * per number: the same numbers give the same events):
 * - 12 event names, skewed (page_view about a third of all events);
 * - channels web 50 %, mobile 30 %, desktop 12 %, tv 3 %, console 2 %, other 3 %;
 * - a million users, skewed (a few are very active), 15 % anonymous (user_pseudo_id only);
 * - times uniform over the days, with a day-night cycle within each day;
 * - 30 % with an event_id (the writer's lookup of resent event_ids reads those).
 */
export async function fillEvents(client: ClickHouseClient, first: number, count: number): Promise<void> {
  for (let at = first; at < first + count; at += FILL_CHUNK) {
    const rows = Math.min(FILL_CHUNK, first + count - at);
    await client.command({ query: fillStatement(at, rows) });
  }
}

function fillStatement(first: number, count: number): string {
  const startSeconds = FILL_START.getTime() / 1000;
  return `
    INSERT INTO events (id, name, channel_type, event_time, received_at, event_id, user_id, user_pseudo_id, user_key, client_ip,
                        device_operating_system, event_params, source_topic, source_partition, source_offset)
    SELECT
      generateUUIDv4(number) AS id,
      ['page_view','screen_view','button_click','app_start','scroll','search','add_to_cart','level_start',
       'sign_up','login','purchase','share'][1 + toUInt32(floor(12 * pow(r1, 1.8)))] AS name,
      multiIf(r2 < 0.50, 'web', r2 < 0.80, 'mobile', r2 < 0.92, 'desktop', r2 < 0.95, 'tv', r2 < 0.97, 'console', 'other') AS channel_type,
      fromUnixTimestamp64Milli(toInt64(1000 * (${startSeconds} + 86400 * floor(${FILL_DAYS} * r3)
        + floor(86399 * (r4 + 0.12 * sin(2 * pi() * r4)))) + number % 1000), 'UTC') AS event_time,
      event_time AS received_at,
      if(cityHash64(number, 10) % 10 < 3, concat('e-', toString(number)), NULL) AS event_id,
      if(r6 < 0.15, '', concat('user-', toString(toUInt32(floor(1000000 * pow(r5, 3)))))) AS user_id,
      concat('device-', toString(cityHash64(number, 7) % 2000000)) AS user_pseudo_id,
      if(user_id != '', user_id, user_pseudo_id) AS user_key,
      IPv4NumToString(toUInt32(cityHash64(number, 8) % 4294967296)) AS client_ip,
      ['Windows','macOS','iOS','Android','Linux'][1 + cityHash64(number, 9) % 5] AS device_operating_system,
      [tuple('page_title', 'Home', NULL, NULL)] AS event_params,
      'bench.fill' AS source_topic,
      0 AS source_partition,
      number AS source_offset
    FROM (
      SELECT number,
        (cityHash64(number, 1) % 1000000) / 1000000 AS r1,
        (cityHash64(number, 2) % 1000000) / 1000000 AS r2,
        (cityHash64(number, 3) % 1000000) / 1000000 AS r3,
        (cityHash64(number, 4) % 1000000) / 1000000 AS r4,
        (cityHash64(number, 5) % 1000000) / 1000000 AS r5,
        (cityHash64(number, 6) % 1000000) / 1000000 AS r6
      FROM numbers(${first}, ${count})
    )`;
}
