import { ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchEmbeddedClickHouse, mainOf, RunningApp } from '../support/platform';

/**
 * A column keeping each event's producer-supplied `properties` object whole, three ways:
 *   json   ClickHouse's JSON type (inserted as a JSON object),
 *   string String holding the JSON text (inserted as a string, read with JSONExtract*),
 *   map    Map(String, String), each top-level value JSON-encoded.
 * Measured on the real engine (chdb) behind the embedded HTTP server, through @clickhouse/client
 * with JSONCompactEachRow, as the writer inserts:
 *   1. insert rate, 5,000 rows per insert, 200,000 rows, into a MergeTree with 12 other columns;
 *      bytes on disk per row after OPTIMIZE FINAL;
 *   2. query latency over 1,000,000 rows (median of 5 runs after one warm-up);
 *   3. what each type refuses or changes on insert (round trip compared to the input JSON text).
 * Prints Markdown tables. Starts its own embedded ClickHouse on a free port and a temporary data
 * directory, and stops it (and removes the directory) at the end.
 *
 * Usage (from the repository root, after `bash scripts/build.sh`):
 *   npx tsc -p bench/tsconfig.json && node dist/bench/reference/properties-column.js
 * Knobs: PROPS_INSERT_ROWS (200000), PROPS_BATCH (5000), PROPS_INSERT_REPS (5),
 *        PROPS_QUERY_ROWS (1000000), PROPS_QUERY_RUNS (5), TRIBUTARY_ROOT (the current directory).
 */

const INSERT_ROWS = intEnv('PROPS_INSERT_ROWS', 200_000);
const BATCH_ROWS = intEnv('PROPS_BATCH', 5_000);
const INSERT_REPS = intEnv('PROPS_INSERT_REPS', 5);
const QUERY_ROWS = intEnv('PROPS_QUERY_ROWS', 1_000_000);
const QUERY_RUNS = intEnv('PROPS_QUERY_RUNS', 5);
const DATABASE = 'properties_bench';

function intEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new Error(`${name}=${value}: must be a positive integer`);
  return Number(value);
}

/**
 * A client made as libs/platform/src/clickhouse/clickhouse-client.ts makes the writer's (same
 * settings; that file is outside bench/'s rootDir, so not imported). `json` swaps the client's
 * JSON.stringify for the robustness rows.
 */
function writerLikeClient(url: string, database: string, json?: { stringify: (value: unknown) => string }): ClickHouseClient {
  return createClient({
    url,
    database,
    request_timeout: 120_000,
    clickhouse_settings: { date_time_input_format: 'best_effort', output_format_json_quote_64bit_integers: 0 },
    log: { level: ClickHouseLogLevel.OFF },
    ...(json && { json: { parse: JSON.parse, stringify: json.stringify } }),
  });
}

// ---------------------------------------------------------------------------------------------
// The column types

type Kind = 'json' | 'json_noinfer' | 'string' | 'map';

/** ClickHouse 26.x turns strings that look like dates into Date/DateTime paths of a JSON column (and back out in its own format). */
const NO_DATE_INFERENCE = { input_format_try_infer_dates: 0, input_format_try_infer_datetimes: 0 } as const;

const KINDS: Record<Kind, { label: string; type: string; insertSettings: Record<string, number> }> = {
  json: { label: 'JSON', type: 'JSON', insertSettings: {} },
  json_noinfer: { label: 'JSON, date inference off', type: 'JSON', insertSettings: NO_DATE_INFERENCE },
  string: { label: 'String', type: 'String', insertSettings: {} },
  map: { label: 'Map(String, String)', type: 'Map(String, String)', insertSettings: {} },
};

/** The other columns: those of the events table that a row of any event has, plus the sort key. */
const OTHER_COLUMNS = [
  'id UUID',
  'name LowCardinality(String)',
  'channel_type LowCardinality(String)',
  "event_time DateTime64(3, 'UTC')",
  "received_at DateTime64(3, 'UTC')",
  'user_id String',
  'user_pseudo_id String',
  'client_ip String',
  'device_category LowCardinality(String)',
  'device_browser_name LowCardinality(String)',
  'app_version LowCardinality(String)',
  'source_offset UInt64',
];
const COLUMN_NAMES: [string, ...string[]] = [OTHER_COLUMNS[0].split(' ')[0], ...OTHER_COLUMNS.slice(1).map((c) => c.split(' ')[0]), 'properties'];

function createTableSql(table: string, kind: Kind): string {
  return `CREATE TABLE ${table} (
      ${OTHER_COLUMNS.join(',\n      ')},
      properties ${KINDS[kind].type},
      INDEX id_bloom id TYPE bloom_filter(0.001) GRANULARITY 4
    )
    ENGINE = MergeTree
    PARTITION BY toYYYYMM(event_time)
    ORDER BY (name, channel_type, event_time, id)`;
}

// ---------------------------------------------------------------------------------------------
// Generated events: Segment/PostHog-style properties, deterministic (seeded)

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENT_NAMES = ['page_view', 'button_clicked', 'signup', 'login', 'purchase', 'add_to_cart', 'search', 'share', 'video_play', 'form_submitted'];
const PLANS = ['free', 'free', 'free', 'free', 'pro', 'pro', 'team', 'enterprise'];
const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Edge', 'Opera', 'Samsung Internet', 'Chrome Mobile', 'Mobile Safari'];
const OSES = ['Windows', 'Mac OS X', 'iOS', 'Android', 'Linux', 'Chrome OS'];
const PATHS = ['/', '/pricing', '/docs', '/blog/launch', '/settings/billing', '/dashboard', '/signup', '/checkout', '/product/42', '/search'];
const UTM_SOURCES = ['google', 'newsletter', 'twitter', 'linkedin', 'facebook', 'bing', 'partner', 'reddit', 'producthunt', 'direct'];
const UTM_MEDIUMS = ['cpc', 'email', 'social', 'referral', 'organic'];
const CATEGORIES = ['shoes', 'shirts', 'hats', 'bags', 'books', 'games', 'music', 'garden', 'kitchen', 'toys', 'sports', 'beauty'];
const TAGS = ['beta', 'vip', 'returning', 'mobile', 'promo', 'holiday', 'b2b', 'churn-risk'];
const FLAGS = Array.from({ length: 40 }, (_, i) => `$feature/flag-${i}`);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface GeneratedEvent {
  row: unknown[]; // the other columns, in OTHER_COLUMNS order
  properties: { [key: string]: Json };
}

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function generateEvents(count: number, seed: number, offset = 0): GeneratedEvent[] {
  const random = mulberry32(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const int = (n: number): number => Math.floor(random() * n);
  const base = Date.UTC(2026, 10, 2);
  const events: GeneratedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const browser = pick(BROWSERS);
    const eventTime = base + (offset + i) * 2000 + int(1000); // 1M events span 23 days: one month
    const properties: { [key: string]: Json } = {
      plan: pick(PLANS),
      $browser: browser,
      $os: pick(OSES),
      $current_url: `https://app.example.com${pick(PATHS)}?ref=${int(100_000)}`,
      $referrer: random() < 0.5 ? `https://www.${pick(UTM_SOURCES)}.com/` : '$direct',
      $session_id: uuidFrom(random),
      title: `Example app – ${pick(PATHS)}`,
      revenue: Math.round(random() * 20_000) / 100,
      quantity: 1 + int(5),
      currency: pick(['USD', 'EUR', 'GBP']),
      is_trial: random() < 0.2,
      utm: { source: pick(UTM_SOURCES), medium: pick(UTM_MEDIUMS), campaign: `spring_${int(20)}` },
      product: { sku: `SKU-${int(5000)}`, category: pick(CATEGORIES), price: Math.round(random() * 50_000) / 100 },
    };
    if (properties.is_trial) properties.trial_ends_at = new Date(eventTime + (1 + int(30)) * 86_400_000).toISOString();
    if (random() < 0.25) properties.tags = Array.from({ length: 1 + int(3) }, () => pick(TAGS));
    if (random() < 0.1) properties.items = Array.from({ length: 1 + int(3) }, () => ({ sku: `SKU-${int(5000)}`, qty: 1 + int(4) }));
    for (let f = 0; f < 2; f++) properties[pick(FLAGS)] = random() < 0.7 ? random() < 0.5 : pick(['control', 'test']);
    const row = [
      uuidFrom(random),
      pick(EVENT_NAMES),
      pick(['web', 'web', 'ios', 'android']),
      new Date(eventTime).toISOString(), // as the writer sends times
      new Date(eventTime + int(500)).toISOString(),
      `user_${int(50_000)}`,
      `anon_${int(200_000)}`,
      `10.${int(256)}.${int(256)}.${int(256)}`,
      pick(['desktop', 'mobile', 'tablet']),
      browser,
      `1.${int(10)}.${int(20)}`,
      offset + i,
    ];
    events.push({ row, properties });
  }
  return events;
}

/** The properties column's value as the writer would hand it to the client, per type. */
function propertiesValue(kind: Kind, properties: { [key: string]: Json }): unknown {
  switch (kind) {
    case 'json':
    case 'json_noinfer':
      return properties;
    case 'string':
      return JSON.stringify(properties);
    case 'map':
      // Object.fromEntries defines keys as own properties: a "__proto__" key stays a key.
      return Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, JSON.stringify(value)]));
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function log(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

interface Sizes {
  rows: number;
  parts: number;
  bytesOnDisk: number;
  propertiesCompressed: number;
  propertiesUncompressed: number;
}

async function tableSizes(client: ClickHouseClient, table: string): Promise<Sizes> {
  const parts = await client.query({
    query: `SELECT sum(rows) AS rows, count() AS parts, sum(bytes_on_disk) AS bytes FROM system.parts
            WHERE database = currentDatabase() AND table = {table:String} AND active`,
    query_params: { table },
    format: 'JSONEachRow',
  });
  const [p] = await parts.json<{ rows: string; parts: string; bytes: string }>();
  const columns = await client.query({
    query: `SELECT data_compressed_bytes AS c, data_uncompressed_bytes AS u FROM system.columns
            WHERE database = currentDatabase() AND table = {table:String} AND name = 'properties'`,
    query_params: { table },
    format: 'JSONEachRow',
  });
  const [c] = await columns.json<{ c: string; u: string }>();
  return { rows: Number(p.rows), parts: Number(p.parts), bytesOnDisk: Number(p.bytes), propertiesCompressed: Number(c.c), propertiesUncompressed: Number(c.u) };
}

// ---------------------------------------------------------------------------------------------
// 1. Insert rate and size

interface InsertResult {
  kind: Kind;
  /** Inserts only: client.insert() calls (the client's JSON.stringify of each row, HTTP, the engine). */
  rowsPerSecond: number[];
  /** Also building the column's value from the properties object (String: JSON.stringify; Map: one per key), as the writer would. */
  endToEndRowsPerSecond: number[];
  prepMs: number[];
  sizes: Sizes;
}

async function measureInserts(client: ClickHouseClient): Promise<{ results: InsertResult[]; avgTextBytes: number }> {
  const kinds: Kind[] = ['json', 'json_noinfer', 'string', 'map'];
  log(`generating ${fmt(INSERT_ROWS)} events`);
  const events = generateEvents(INSERT_ROWS, 1);
  const avgTextBytes = events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.properties)), 0) / events.length;
  const results = new Map<Kind, InsertResult>(
    kinds.map((kind) => [kind, { kind, rowsPerSecond: [], endToEndRowsPerSecond: [], prepMs: [], sizes: undefined as unknown as Sizes }]),
  );
  for (let rep = 0; rep < INSERT_REPS; rep++) {
    // Rotate the order so that no type always runs first (or right after another's merges).
    const order = kinds.map((_, i) => kinds[(i + rep) % kinds.length]);
    for (const kind of order) {
      const table = `insert_${kind}`;
      await client.command({ query: `DROP TABLE IF EXISTS ${table} SYNC` });
      await client.command({ query: createTableSql(table, kind) });
      // Rows as the client gets them; building the column's value is timed apart (the writer does it before the insert).
      const prepStarted = performance.now();
      const rows = events.map((e) => [...e.row, propertiesValue(kind, e.properties)]);
      const prepMs = performance.now() - prepStarted;
      let insertMs = 0;
      for (let at = 0; at < rows.length; at += BATCH_ROWS) {
        const values = rows.slice(at, at + BATCH_ROWS);
        const started = performance.now();
        await client.insert<unknown>({ table, columns: COLUMN_NAMES, values, format: 'JSONCompactEachRow', clickhouse_settings: KINDS[kind].insertSettings });
        insertMs += performance.now() - started;
      }
      const rate = (rows.length / insertMs) * 1000;
      results.get(kind)!.rowsPerSecond.push(rate);
      results.get(kind)!.endToEndRowsPerSecond.push((rows.length / (insertMs + prepMs)) * 1000);
      results.get(kind)!.prepMs.push(prepMs);
      await client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
      results.get(kind)!.sizes = await tableSizes(client, table);
      log(`insert rep ${rep + 1}/${INSERT_REPS} ${kind}: ${fmt(rate)} rows/s (load ${loadavg()[0].toFixed(2)})`);
    }
  }
  for (const kind of kinds) await client.command({ query: `DROP TABLE IF EXISTS insert_${kind} SYNC` });
  return { results: [...results.values()], avgTextBytes };
}

// ---------------------------------------------------------------------------------------------
// 2. Query latency

interface QueryCase {
  id: string;
  what: string;
  sql: Partial<Record<Kind, string[]>>; // variants per type
}

const QUERIES: QueryCase[] = [
  {
    id: 'i',
    what: "count() WHERE plan = 'pro'",
    sql: {
      json_noinfer: ["SELECT count() AS n FROM {t} WHERE properties.plan = 'pro'", "SELECT count() AS n FROM {t} WHERE properties.plan.:String = 'pro'"],
      string: ["SELECT count() AS n FROM {t} WHERE JSONExtractString(properties, 'plan') = 'pro'", "SELECT count() AS n FROM {t} WHERE simpleJSONExtractString(properties, 'plan') = 'pro'"],
      map: [`SELECT count() AS n FROM {t} WHERE properties['plan'] = '"pro"'`],
    },
  },
  {
    id: 'ii',
    what: 'GROUP BY top-level key $browser: count(), uniqExact(user_id)',
    sql: {
      json_noinfer: [
        'SELECT properties.`$browser`::String AS k, count() AS n, uniqExact(user_id) AS u FROM {t} GROUP BY k ORDER BY k',
        'SELECT properties.`$browser`.:String AS k, count() AS n, uniqExact(user_id) AS u FROM {t} GROUP BY k ORDER BY k',
      ],
      string: [
        "SELECT JSONExtractString(properties, '$browser') AS k, count() AS n, uniqExact(user_id) AS u FROM {t} GROUP BY k ORDER BY k",
        "SELECT simpleJSONExtractString(properties, '$browser') AS k, count() AS n, uniqExact(user_id) AS u FROM {t} GROUP BY k ORDER BY k",
      ],
      map: ["SELECT JSONExtractString(properties['$browser']) AS k, count() AS n, uniqExact(user_id) AS u FROM {t} GROUP BY k ORDER BY k"],
    },
  },
  {
    id: 'ii-nested',
    what: 'GROUP BY nested key utm.source: count(), uniqExact(user_id)',
    sql: {
      json_noinfer: ['SELECT properties.utm.source::String AS k, count() AS n, uniqExact(user_id) AS u FROM {t} GROUP BY k ORDER BY k'],
      string: ["SELECT JSONExtractString(properties, 'utm', 'source') AS k, count() AS n, uniqExact(user_id) AS u FROM {t} GROUP BY k ORDER BY k"],
      map: ["SELECT JSONExtractString(properties['utm'], 'source') AS k, count() AS n, uniqExact(user_id) AS u FROM {t} GROUP BY k ORDER BY k"],
    },
  },
  {
    id: 'iii',
    what: 'whole properties of 100 rows by id (bloom index on id)',
    sql: {
      json_noinfer: ['SELECT id, properties FROM {t} WHERE id IN {ids:Array(UUID)}'],
      string: ['SELECT id, properties FROM {t} WHERE id IN {ids:Array(UUID)}'],
      map: ['SELECT id, properties FROM {t} WHERE id IN {ids:Array(UUID)}'],
    },
  },
];

interface QueryTiming {
  caseId: string;
  kind: Kind;
  sql: string;
  clientMs: number;
  clientMinMs: number;
  engineMs: number;
  result: string;
}

async function fillQueryTables(client: ClickHouseClient): Promise<{ sizes: Record<string, Sizes>; fillMs: Record<string, number> }> {
  log(`filling a String staging table with ${fmt(QUERY_ROWS)} generated events`);
  await client.command({ query: createTableSql('source', 'string') });
  const chunk = 50_000;
  for (let at = 0; at < QUERY_ROWS; at += chunk) {
    const events = generateEvents(Math.min(chunk, QUERY_ROWS - at), 1000 + at, at);
    const values = events.map((e) => [...e.row, JSON.stringify(e.properties)]);
    await client.insert<unknown>({ table: 'source', columns: COLUMN_NAMES, values, format: 'JSONCompactEachRow' });
  }
  const sizes: Record<string, Sizes> = {};
  const fillMs: Record<string, number> = {};
  const others = COLUMN_NAMES.slice(0, -1).join(', ');
  const fills: [Kind, string][] = [
    ['json_noinfer', 'properties'], // String → JSON: the same parser as an insert
    ['string', 'properties'],
    // Top-level keys with each value's JSON text, as JSON.stringify gives it (no whitespace in the source)
    ['map', "CAST(JSONExtractKeysAndValuesRaw(properties), 'Map(String, String)')"],
  ];
  for (const [kind, expression] of fills) {
    const table = `query_${kind}`;
    await client.command({ query: createTableSql(table, kind) });
    const started = performance.now();
    await client.command({ query: `INSERT INTO ${table} (${COLUMN_NAMES.join(', ')}) SELECT ${others}, ${expression} FROM source`, clickhouse_settings: KINDS[kind].insertSettings });
    await client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    fillMs[kind] = performance.now() - started;
    sizes[kind] = await tableSizes(client, table);
    log(`filled ${table}: ${fmt(sizes[kind].rows)} rows, ${sizes[kind].parts} part(s), ${fmt(fillMs[kind])} ms`);
  }
  return { sizes, fillMs };
}

async function measureQueries(client: ClickHouseClient): Promise<QueryTiming[]> {
  const idsResult = await client.query({ query: 'SELECT id FROM source ORDER BY cityHash64(id) LIMIT 100', format: 'JSONEachRow' });
  const ids = (await idsResult.json<{ id: string }>()).map((r) => r.id);
  const timings: QueryTiming[] = [];
  for (const q of QUERIES) {
    const variants = (Object.entries(q.sql) as [Kind, string[]][]).flatMap(([kind, templates]) =>
      templates.map((template) => ({ kind, sql: template.replace('{t}', `query_${kind}`), clientMs: [] as number[], engineMs: [] as number[], result: '' })),
    );
    // Round robin: run r of every variant, then run r + 1, so that load from elsewhere on the machine falls on all of them alike.
    for (let run = 0; run <= QUERY_RUNS; run++) {
      for (const v of variants) {
        const started = performance.now();
        const rs = await client.query({ query: v.sql, format: 'JSONEachRow', query_params: v.sql.includes('{ids:') ? { ids } : undefined });
        const rows = await rs.json<Record<string, unknown>>();
        const elapsed = performance.now() - started;
        const summary = JSON.parse(String(rs.response_headers['x-clickhouse-summary'] ?? '{}')) as { elapsed_ns?: string };
        if (run === 0) {
          v.result = q.id === 'iii' ? `${rows.length} rows` : JSON.stringify(rows.map((r) => Object.values(r)));
          continue; // warm-up
        }
        v.clientMs.push(elapsed);
        v.engineMs.push(Number(summary.elapsed_ns ?? NaN) / 1e6);
      }
    }
    for (const v of variants) {
      timings.push({ caseId: q.id, kind: v.kind, sql: v.sql, clientMs: median(v.clientMs), clientMinMs: Math.min(...v.clientMs), engineMs: median(v.engineMs), result: v.result });
      log(`query ${q.id} ${v.kind}: ${median(v.clientMs).toFixed(1)} ms (min ${Math.min(...v.clientMs).toFixed(1)})`);
    }
  }
  // The same answers from every type, and the same 100 objects.
  for (const q of QUERIES.filter((c) => c.id !== 'iii')) {
    const answers = new Set(timings.filter((t) => t.caseId === q.id).map((t) => t.result));
    if (answers.size !== 1) log(`WARNING: query ${q.id} answers differ between types: ${[...answers].join(' | ').slice(0, 500)}`);
  }
  const whole: Record<string, string[]> = {};
  for (const kind of ['json_noinfer', 'string', 'map'] as Kind[]) {
    const rs = await client.query({ query: `SELECT id, properties FROM query_${kind} WHERE id IN {ids:Array(UUID)} ORDER BY id`, query_params: { ids }, format: 'JSONCompactEachRow' });
    whole[kind] = (await rs.text()).trim().split('\n').map((line) => {
      const [id, value] = parseLossless(line) as [string, LJson];
      return `${id} ${canonical(fromStored(kind, value))}`;
    });
  }
  const same = whole.json_noinfer.every((line, i) => line === whole.string[i] && line === whole.map[i]);
  log(`query iii: the 100 objects are ${same ? 'the same' : 'NOT the same'} from the three types`);
  if (!same) timings.push({ caseId: 'iii', kind: 'json_noinfer', sql: 'MISMATCH', clientMs: NaN, clientMinMs: NaN, engineMs: NaN, result: 'objects differ between types' });
  return timings;
}

// ---------------------------------------------------------------------------------------------
// 3. Robustness: a lossless JSON reader, so that the round trip is judged on the exact text

class LNumber {
  constructor(readonly text: string) {}
}
class LObject {
  constructor(readonly entries: [string, LJson][]) {}
}
type LJson = null | boolean | string | LNumber | LJson[] | LObject;

function parseLossless(text: string): LJson {
  let at = 0;
  const ws = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const value = (): LJson => {
    ws();
    const c = text[at];
    if (c === '{') {
      at++;
      const entries: [string, LJson][] = [];
      ws();
      if (text[at] === '}') return at++, new LObject(entries);
      for (;;) {
        ws();
        const key = value();
        if (typeof key !== 'string') throw new Error(`object key expected at ${at}`);
        ws();
        if (text[at++] !== ':') throw new Error(`':' expected at ${at - 1}`);
        entries.push([key, value()]);
        ws();
        const next = text[at++];
        if (next === '}') return new LObject(entries);
        if (next !== ',') throw new Error(`',' or '}' expected at ${at - 1}`);
      }
    }
    if (c === '[') {
      at++;
      const items: LJson[] = [];
      ws();
      if (text[at] === ']') return at++, items;
      for (;;) {
        items.push(value());
        ws();
        const next = text[at++];
        if (next === ']') return items;
        if (next !== ',') throw new Error(`',' or ']' expected at ${at - 1}`);
      }
    }
    if (c === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const s = JSON.parse(text.slice(at, end + 1)) as string;
      at = end + 1;
      return s;
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, at)) return (at += word.length), v;
    }
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(text);
    if (!m) throw new Error(`unexpected ${JSON.stringify(text.slice(at, at + 20))} at ${at}`);
    at += m[0].length;
    return new LNumber(m[0]);
  };
  const v = value();
  ws();
  if (at !== text.length) throw new Error(`trailing text at ${at}`);
  return v;
}

function stringifyLossless(v: LJson): string {
  if (v instanceof LNumber) return v.text;
  if (v instanceof LObject) return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${stringifyLossless(x)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(stringifyLossless).join(',')}]`;
  return JSON.stringify(v);
}

/** The number's value, exactly: integers as BigInt text, others as the shortest double. */
function canonicalNumber(text: string): string {
  if (/^-?\d+$/.test(text)) return BigInt(text).toString();
  const n = Number(text);
  return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? BigInt(n).toString() : String(n);
}

/** Equal values give equal text: numbers by value, object keys sorted (duplicates kept, so they show). */
function canonical(v: LJson, sortKeys = true): string {
  if (v instanceof LNumber) return canonicalNumber(v.text);
  if (v instanceof LObject) {
    const entries = v.entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x, sortKeys)}`);
    return `{${(sortKeys ? entries.sort() : entries).join(',')}}`;
  }
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, sortKeys)).join(',')}]`;
  return JSON.stringify(v);
}

/** The properties object back from what a type returned in JSONCompactEachRow. */
function fromStored(kind: Kind, value: LJson): LJson {
  if (kind === 'string') return parseLossless(value as string);
  if (kind === 'map') return new LObject((value as LObject).entries.map(([k, v]) => [k, parseLossless(v as string)]));
  return value;
}

/** The row text sent for one properties object of `text`, per type (exact: no JS number on the way). */
function rowText(kind: Kind | 'json_strict', k: number, text: string): string {
  const parsed = parseLossless(text);
  if (kind === 'string') return `[${k},${JSON.stringify(text)}]`;
  if (kind === 'map') {
    if (!(parsed instanceof LObject)) throw new Error('properties must be an object');
    return `[${k},{${parsed.entries.map(([key, v]) => `${JSON.stringify(key)}:${JSON.stringify(stringifyLossless(v))}`).join(',')}}]`;
  }
  return `[${k},${text}]`;
}

function nested(depth: number): string {
  let text = '"bottom"';
  for (let i = depth - 1; i >= 0; i--) text = `{"level${i}":${text}}`;
  return text;
}

interface RobustnessCase {
  id: string;
  what: string;
  rows: string[]; // one properties object's JSON text per row, all in one insert
}

const ROBUSTNESS_CASES: RobustnessCase[] = [
  { id: 'number-vs-object', what: '`{"a":1}` and `{"a":{"b":2}}` in two rows of one insert', rows: ['{"a":1}', '{"a":{"b":2}}'] },
  { id: 'dotted-key', what: 'key with a dot `{"a.b":1}`', rows: ['{"a.b":1}'] },
  { id: 'dotted-key-collision', what: '`{"a":{"b":1},"a.b":2}` (dotted key and nested path in one row)', rows: ['{"a":{"b":1},"a.b":2}'] },
  { id: 'empty-key', what: 'empty key `{"":1}`', rows: ['{"":1,"x":"y"}'] },
  { id: 'proto', what: 'key `__proto__` `{"__proto__":{"admin":true}}`', rows: ['{"__proto__":{"admin":true},"x":1}'] },
  { id: 'depth-50', what: 'nesting depth 50 (`{"level0":{"level1":…"bottom"}}`)', rows: [nested(50)] },
  { id: 'keys-2000', what: '2,000 distinct keys in one row', rows: [JSON.stringify(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`key_${i}`, i % 3 === 0 ? `v${i}` : i])))] },
  { id: 'int-2^63', what: 'integer 2^63 = 9223372036854775808 (above Int64)', rows: ['{"n":9223372036854775808}'] },
  { id: 'int-2^64', what: 'integer 2^64 = 18446744073709551616 (above UInt64)', rows: ['{"n":18446744073709551616}'] },
  { id: 'int-below-int64', what: 'integer -2^63-1 = -9223372036854775809', rows: ['{"n":-9223372036854775809}'] },
  { id: 'mixed-array', what: 'mixed array `[1,"x",{"y":true}]`', rows: ['{"arr":[1,"x",{"y":true}]}'] },
  { id: 'null', what: 'null value `{"n":null,"m":1}`', rows: ['{"n":null,"m":1}'] },
  { id: 'null-in-array-object', what: 'null inside an array of objects `{"a":[{"b":null},{"b":1}]}`', rows: ['{"a":[{"b":null},{"b":1}]}'] },
  { id: 'empty-object', what: 'empty object `{"e":{},"x":1}`', rows: ['{"e":{},"x":1}'] },
  {
    id: 'date-strings',
    what: 'date-like strings `"2026-01-01T10:00:00+02:00"`, `"…00.123Z"`, `"2026-01-01"`, `"12/01/2026"`',
    rows: ['{"t":"2026-01-01T10:00:00+02:00","u":"2026-01-01T10:00:00.123Z","d":"2026-01-01","e":"12/01/2026"}'],
  },
  { id: 'float-formats', what: 'numbers `1.0`, `1e300`, `0.1`, `-0`', rows: ['{"a":1.0,"b":1e300,"c":0.1,"d":-0}'] },
];

/** Producer JSON read by JSON.parse in the gateway and written by JSON.stringify in the client: what reaches ClickHouse. */
const JS_PATH_CASES: RobustnessCase[] = [
  { id: 'int-2^63-via-js', what: '2^63 after JSON.parse/JSON.stringify (the gateway and the client)', rows: [JSON.stringify(JSON.parse('{"n":9223372036854775808}'))] },
  { id: 'int-2^64-via-js', what: '2^64 after JSON.parse/JSON.stringify', rows: [JSON.stringify(JSON.parse('{"n":18446744073709551616}'))] },
  { id: '1e20-via-js', what: '1e20 as JSON.stringify writes it (`100000000000000000000`)', rows: [JSON.stringify({ n: 1e20 })] },
  { id: 'int-2^53+1-via-js', what: '2^53+1 = 9007199254740993 after JSON.parse/JSON.stringify', rows: [JSON.stringify(JSON.parse('{"n":9007199254740993}'))] },
];
const JS_ORIGINALS: Record<string, string> = {
  'int-2^63-via-js': '{"n":9223372036854775808}',
  'int-2^64-via-js': '{"n":18446744073709551616}',
  'int-2^53+1-via-js': '{"n":9007199254740993}',
  '1e20-via-js': '{"n":100000000000000000000}',
};

type RobustKind = 'json' | 'json_strict' | 'string' | 'map';
/** JSON with the settings that avoid the mangling found: dotted keys escaped (needed on insert and on read), no date inference. */
const JSON_STRICT_SETTINGS = { json_type_escape_dots_in_keys: 1, ...NO_DATE_INFERENCE } as const;
const ROBUST_KINDS: Record<RobustKind, { label: string; type: string; settings: Record<string, number> }> = {
  json: { label: 'JSON (defaults)', type: 'JSON', settings: {} },
  json_strict: { label: 'JSON + escape dots, no date inference', type: 'JSON', settings: JSON_STRICT_SETTINGS },
  string: { label: 'String', type: 'String', settings: {} },
  map: { label: 'Map(String,String)', type: 'Map(String, String)', settings: {} },
};

interface Verdict {
  accepted: boolean;
  exact?: 'exact' | 'equal' | 'changed';
  detail: string;
}

class RawRow {
  constructor(readonly text: string) {}
}

async function measureRobustness(url: string): Promise<Map<string, Record<RobustKind, Verdict>>> {
  // Rows go out as the exact text given (a JS number cannot hold 2^63), through the client's insert() all the same.
  const client = writerLikeClient(url, DATABASE, { stringify: (value: unknown) => (value instanceof RawRow ? value.text : JSON.stringify(value)) });
  const verdicts = new Map<string, Record<RobustKind, Verdict>>();
  try {
    for (const [kind, spec] of Object.entries(ROBUST_KINDS) as [RobustKind, (typeof ROBUST_KINDS)[RobustKind]][]) {
      const table = `robust_${kind}`;
      await client.command({ query: `CREATE TABLE ${table} (k UInt32, properties ${spec.type}) ENGINE = MergeTree ORDER BY k` });
      let k = 0;
      const stored: { caseId: string; ks: number[]; inputs: string[] }[] = [];
      for (const c of [...ROBUSTNESS_CASES, ...JS_PATH_CASES]) {
        const ks = c.rows.map(() => ++k);
        const values = c.rows.map((text, i) => new RawRow(rowText(kind === 'json_strict' ? 'json' : kind, ks[i], text)));
        const inputs = c.id in JS_ORIGINALS ? [JS_ORIGINALS[c.id]] : c.rows;
        const entry = verdicts.get(c.id) ?? ({} as Record<RobustKind, Verdict>);
        verdicts.set(c.id, entry);
        try {
          await client.insert<unknown>({ table, values, format: 'JSONCompactEachRow', clickhouse_settings: spec.settings });
        } catch (error) {
          entry[kind] = { accepted: false, detail: errorText(error) };
          continue;
        }
        stored.push({ caseId: c.id, ks, inputs });
        entry[kind] = await roundTrip(client, table, kind, spec.settings, ks, inputs);
      }
      // The same rows after a merge: a part written by a merge serialises JSON differently (shared data, typed paths).
      await client.command({ query: `OPTIMIZE TABLE ${table} FINAL`, clickhouse_settings: spec.settings });
      for (const s of stored) {
        const after = await roundTrip(client, table, kind, spec.settings, s.ks, s.inputs);
        const before = verdicts.get(s.caseId)![kind];
        if (after.exact !== before.exact || after.detail !== before.detail) before.detail += `; after OPTIMIZE FINAL: ${after.exact}, ${after.detail}`;
        if (s.caseId === 'keys-2000' && spec.type === 'JSON') {
          // max_dynamic_paths (1024 by default): paths past it go to the shared data, read more slowly.
          const rs = await client.query({
            query: `SELECT length(JSONDynamicPaths(properties)) AS d, length(JSONSharedDataPaths(properties)) AS s FROM ${table} WHERE k = ${s.ks[0]}`,
            format: 'JSONEachRow',
          });
          const [paths] = await rs.json<{ d: number; s: number }>();
          before.detail += `; ${paths.d} paths as subcolumns, ${paths.s} in shared data`;
        }
      }
    }
  } finally {
    await client.close();
  }
  return verdicts;
}

async function roundTrip(client: ClickHouseClient, table: string, kind: RobustKind, settings: Record<string, number>, ks: number[], inputs: string[]): Promise<Verdict> {
  const rs = await client.query({ query: `SELECT k, properties FROM ${table} WHERE k IN (${ks.join(',')}) ORDER BY k`, format: 'JSONCompactEachRow', clickhouse_settings: settings });
  const lines = (await rs.text()).trim().split('\n');
  let worst: Verdict['exact'] = 'exact';
  const details: string[] = [];
  lines.forEach((line, i) => {
    const [, value] = parseLossless(line) as [LNumber, LJson];
    const back = fromStored(kind === 'json_strict' ? 'json' : kind, value);
    const input = parseLossless(inputs[i]);
    const backText = kind === 'string' ? (value as string) : stringifyLossless(back);
    if (backText === inputs[i]) return;
    if (canonical(back) === canonical(input)) {
      if (worst === 'exact') worst = 'equal';
      const why = canonical(back, false) === canonical(input, false) ? 'number spelling' : 'keys reordered';
      if (!details.includes(why)) details.push(why);
      return;
    }
    worst = 'changed';
    details.push(`returned ${clip(backText, 90)}`);
  });
  return { accepted: true, exact: worst, detail: details.join('; ') };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function errorText(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  const first = message.split('\n')[0].replace(/\s+/g, ' ').trim();
  return clip(first, 160);
}

// ---------------------------------------------------------------------------------------------
// Report

/** Compact parts (small tables) keep no per-column sizes. */
function perRow(bytes: number, rows: number): string {
  return bytes > 0 ? fmt(bytes / rows, 1) : 'n/a (compact part)';
}

function md(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function report(
  engine: string,
  inserts: Awaited<ReturnType<typeof measureInserts>>,
  fill: Awaited<ReturnType<typeof fillQueryTables>>,
  queries: QueryTiming[],
  robustness: Map<string, Record<RobustKind, Verdict>>,
  started: Date,
): string {
  const out: string[] = [];
  out.push(`Measured ${started.toISOString()}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node.js ${process.version}, ClickHouse ${engine} (chdb) behind the embedded server, load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
  out.push('');
  out.push(`### 1. Insert: ${fmt(INSERT_ROWS)} rows, ${fmt(BATCH_ROWS)} per insert, JSONCompactEachRow, ${INSERT_REPS} runs (fresh table each)`);
  out.push('');
  out.push(md([
    'column type',
    'rows/s, inserts only, median',
    'rows/s, inserts only, each run',
    'rows/s incl. building the value, median',
    `building the value, ms per ${fmt(INSERT_ROWS)} rows, median`,
    'bytes/row on disk, whole row',
    'properties, compressed bytes/row',
    'properties, uncompressed bytes/row',
  ]));
  out.push(md(['---', '---:', '---', '---:', '---:', '---:', '---:', '---:']));
  for (const r of inserts.results) {
    out.push(md([
      KINDS[r.kind].label,
      fmt(median(r.rowsPerSecond)),
      r.rowsPerSecond.map((x) => fmt(x)).join(', '),
      fmt(median(r.endToEndRowsPerSecond)),
      fmt(median(r.prepMs)),
      fmt(r.sizes.bytesOnDisk / r.sizes.rows, 1),
      perRow(r.sizes.propertiesCompressed, r.sizes.rows),
      perRow(r.sizes.propertiesUncompressed, r.sizes.rows),
    ]));
  }
  out.push('');
  out.push(`Properties as JSON text: ${fmt(inserts.avgTextBytes, 1)} bytes per row on average. Sizes after OPTIMIZE FINAL (one part).`);
  out.push('');
  out.push(`### 2. Queries over ${fmt(QUERY_ROWS)} rows (median and min of ${QUERY_RUNS} runs after one warm-up, the variants of a query run round robin; client = @clickhouse/client round trip incl. JSON parse, engine = chdb's elapsed)`);
  out.push('');
  out.push(md(['query', 'column type', 'SQL', 'client ms, median', 'client ms, min', 'engine ms, median']));
  out.push(md(['---', '---', '---', '---:', '---:', '---:']));
  for (const t of queries) {
    out.push(md([t.caseId, KINDS[t.kind].label, `\`${t.sql.replace(/query_\w+/, 't')}\``, t.clientMs.toFixed(1), t.clientMinMs.toFixed(1), t.engineMs.toFixed(1)]));
  }
  out.push('');
  out.push(md(['table (1M rows, after OPTIMIZE FINAL)', 'bytes/row on disk, whole row', 'properties, compressed bytes/row', 'properties, uncompressed bytes/row', 'INSERT … SELECT + OPTIMIZE ms']));
  out.push(md(['---', '---:', '---:', '---:', '---:']));
  for (const [kind, s] of Object.entries(fill.sizes)) {
    out.push(md([KINDS[kind as Kind].label, fmt(s.bytesOnDisk / s.rows, 1), perRow(s.propertiesCompressed, s.rows), perRow(s.propertiesUncompressed, s.rows), fmt(fill.fillMs[kind])]));
  }
  out.push('');
  out.push('### 3. Robustness (each case one insert; exact = same text back, equal = same JSON value, changed = different value)');
  out.push('');
  const kinds = Object.keys(ROBUST_KINDS) as RobustKind[];
  out.push(md(['input', ...kinds.map((k) => ROBUST_KINDS[k].label)]));
  out.push(md(['---', ...kinds.map(() => '---')]));
  for (const c of [...ROBUSTNESS_CASES, ...JS_PATH_CASES]) {
    const v = robustness.get(c.id)!;
    out.push(md([c.what, ...kinds.map((k) => (v[k].accepted ? `accepted, ${v[k].exact}${v[k].detail ? ` (${v[k].detail})` : ''}` : `refused: ${v[k].detail}`))]));
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const repoRoot = resolve(process.env.TRIBUTARY_ROOT ?? process.cwd());
  if (!existsSync(mainOf(repoRoot, 'clickhouse-embedded'))) throw new Error(`${mainOf(repoRoot, 'clickhouse-embedded')} is missing: run bash scripts/build.sh from the repository root`);
  const started = new Date();
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-properties-column-'));
  let clickhouse: RunningApp | undefined;
  const abort = (): void => {
    clickhouse?.process.killNow();
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    clickhouse = await launchEmbeddedClickHouse({ repoRoot }, dataDir);
    log(`embedded ClickHouse on ${clickhouse.url}, data ${dataDir}`);
    const admin = writerLikeClient(clickhouse.url, 'default');
    await admin.command({ query: `CREATE DATABASE ${DATABASE}` });
    const version = await (await admin.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{ v: string }>();
    await admin.close();
    const client = writerLikeClient(clickhouse.url, DATABASE);
    try {
      log('robustness');
      const robustness = await measureRobustness(clickhouse.url);
      const inserts = await measureInserts(client);
      const fill = await fillQueryTables(client);
      const queries = await measureQueries(client);
      process.stdout.write(`${report(version[0].v, inserts, fill, queries, robustness, started)}\n`);
    } finally {
      await client.close();
    }
  } finally {
    await clickhouse?.process.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
