import { ClickHouseClient } from '@clickhouse/client';

/** Rows per INSERT … SELECT: bounds each statement's memory and time. */
const FILL_CHUNK = 1_000_000;
/** The filled events span these 90 days (UTC), so that monthly partitions and time ranges are realistic. */
export const FILL_START = new Date('2025-01-01T00:00:00Z');
export const FILL_DAYS = 90;
/** Seed 004's sites, the first the busiest (about 45 % of their page views). */
export const FILL_SITES = ['site-1', 'site-2', 'site-3', 'site-4', 'site-5'] as const;
/** A customer of seed 002's logs among the most active (about 0.3 % of the logs). */
export const FILL_LOG_CUSTOMER = 1;
/** The log levels in the logs' properties, `error` about 5 %. */
const LOG_LEVELS = ['info', 'warn', 'error'] as const;

/**
 * Appends `count` synthetic events straight in ClickHouse, numbered from `first` (deterministic
 * per number: the same numbers give the same events), all in project `default`:
 * - 12 event names, skewed (page_view about a quarter of all events);
 * - channels web 50 %, mobile 30 %, desktop 12 %, tv 3 %, console 2 %, other 3 %;
 * - a million users, skewed (a few are very active), 15 % anonymous (user_pseudo_id only);
 * - times uniform over the days, with a day-night cycle within each day;
 * - 30 % with an event_id (the writer's lookup of resent event_ids reads those);
 * - a country each, 20 of them, skewed.
 * Besides the events of source tributary, two sources the seeds read:
 * - seed 004's page views: 40 % of the page_view events are of source site-analytics, with a site
 *   (FILL_SITES) and one of 300 paths, skewed (`/` about 15 %);
 * - seed 002's logs: 25 % of the other events are of source log-service, their properties a
 *   description and a level, their user id the customer's number (seed 002's customer_id).
 * What the seeds' sources changed: the source, country, site, path, properties and the logs' user
 * ids are new; every event keeps its name, channel, time and event_id as before, and every
 * page_view its user, so the rows of GET /events/metrics?event_name=page_view compare with earlier runs.
 */
export async function fillEvents(client: ClickHouseClient, first: number, count: number): Promise<void> {
  for (let at = first; at < first + count; at += FILL_CHUNK) {
    const rows = Math.min(FILL_CHUNK, first + count - at);
    await client.command({ query: fillStatement(at, rows) });
  }
}

const NAMES = ['page_view', 'screen_view', 'button_click', 'app_start', 'scroll', 'search', 'add_to_cart', 'level_start', 'sign_up', 'login', 'purchase', 'share'];
const COUNTRIES = ['US', 'DE', 'GB', 'FR', 'IN', 'BR', 'JP', 'CA', 'ES', 'IT', 'NL', 'PL', 'SE', 'MX', 'AU', 'KR', 'TR', 'ID', 'CH', 'ZA'];
const PATHS = 300;

const sqlArray = (values: readonly string[]): string => `[${values.map((value) => `'${value}'`).join(',')}]`;

function fillStatement(first: number, count: number): string {
  const startSeconds = FILL_START.getTime() / 1000;
  return `
    INSERT INTO events (id, source, project, name, channel_type, event_time, received_at, event_id, user_id, user_pseudo_id, user_key, client_ip,
                        country, site_id, page_path, device_operating_system, event_params, properties, source_topic, source_partition, source_offset)
    SELECT
      generateUUIDv4(number) AS id,
      multiIf(role = 'site', 'site-analytics', role = 'log', 'log-service', 'tributary') AS source,
      'default' AS project,
      ${sqlArray(NAMES)}[name_index] AS name,
      multiIf(r2 < 0.50, 'web', r2 < 0.80, 'mobile', r2 < 0.92, 'desktop', r2 < 0.95, 'tv', r2 < 0.97, 'console', 'other') AS channel_type,
      fromUnixTimestamp64Milli(toInt64(1000 * (${startSeconds} + 86400 * floor(${FILL_DAYS} * r3)
        + floor(86399 * (r4 + 0.12 * sin(2 * pi() * r4)))) + number % 1000), 'UTC') AS event_time,
      event_time AS received_at,
      if(cityHash64(number, 10) % 10 < 3, concat('e-', toString(number)), NULL) AS event_id,
      if(r6 < 0.15, '', if(role = 'log', toString(user_number), concat('user-', toString(user_number)))) AS user_id,
      concat('device-', toString(cityHash64(number, 7) % 2000000)) AS user_pseudo_id,
      if(user_id != '', user_id, user_pseudo_id) AS user_key,
      IPv4NumToString(toUInt32(cityHash64(number, 8) % 4294967296)) AS client_ip,
      ${sqlArray(COUNTRIES)}[1 + toUInt32(floor(${COUNTRIES.length} * pow(r8, 2)))] AS country,
      if(role = 'site', ${sqlArray(FILL_SITES)}[1 + toUInt32(floor(${FILL_SITES.length} * pow(r9, 2)))], '') AS site_id,
      if(role = 'site', if(path_number = 0, '/', concat('/page-', toString(path_number))), '') AS page_path,
      ['Windows','macOS','iOS','Android','Linux'][1 + cityHash64(number, 9) % 5] AS device_operating_system,
      [tuple('page_title', 'Home', NULL, NULL)] AS event_params,
      if(role = 'log',
        concat('{"description":"', name, ' (log ', toString(number), ')","level":"',
          ${sqlArray(LOG_LEVELS)}[multiIf(r11 < 0.80, 1, r11 < 0.95, 2, 3)], '"}'),
        '{}') AS properties,
      'bench.fill' AS source_topic,
      0 AS source_partition,
      number AS source_offset
    FROM (
      SELECT number, r1, r2, r3, r4, r5, r6, r8, r9, r11,
        1 + toUInt32(floor(${NAMES.length} * pow(r1, 1.8))) AS name_index,
        multiIf(name_index = 1 AND r7 < 0.40, 'site', name_index != 1 AND r7 < 0.25, 'log', 'app') AS role,
        toUInt32(floor(1000000 * pow(r5, 3))) AS user_number,
        toUInt32(floor(${PATHS} * pow(r10, 3))) AS path_number
      FROM (
        SELECT number,
          (cityHash64(number, 1) % 1000000) / 1000000 AS r1,
          (cityHash64(number, 2) % 1000000) / 1000000 AS r2,
          (cityHash64(number, 3) % 1000000) / 1000000 AS r3,
          (cityHash64(number, 4) % 1000000) / 1000000 AS r4,
          (cityHash64(number, 5) % 1000000) / 1000000 AS r5,
          (cityHash64(number, 6) % 1000000) / 1000000 AS r6,
          (cityHash64(number, 11) % 1000000) / 1000000 AS r7,
          (cityHash64(number, 12) % 1000000) / 1000000 AS r8,
          (cityHash64(number, 13) % 1000000) / 1000000 AS r9,
          (cityHash64(number, 14) % 1000000) / 1000000 AS r10,
          (cityHash64(number, 15) % 1000000) / 1000000 AS r11
        FROM numbers(${first}, ${count})
      )
    )`;
}
