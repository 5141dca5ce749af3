import { ClickHouseClient } from '@clickhouse/client';
import {
  CANONICAL_EVENT_SCHEMA,
  CanonicalEvent,
  canonicalEventOf,
  compileSchema,
  DEFAULT_PROJECT,
  DEVICE_FIELDS,
  EVENT_LIMITS,
  eventTimeOf,
  instantOfIsoDate,
  isEventInstant,
  MAX_FUTURE_MS,
  parseJsonUtf8,
  TRIBUTARY_SOURCE,
  TributaryEvent,
  Validated,
  validatePayload,
} from '@tributary/contracts';
import { ClickHouseConfig, loadConfig } from '@tributary/platform';
import fc from 'fast-check';
import { randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ClickHouseEventStore } from '../../apps/writer/src/ingest/clickhouse-event-store';
import { EventRow, StoredEventFacts, toEventRow } from '../../apps/writer/src/ingest/event-row';
import { createClickHouseClient } from '../../libs/platform/src/clickhouse/clickhouse-client';
import { migrate } from '../../libs/platform/src/clickhouse/migrate';
import { MIGRATIONS } from '../../libs/platform/src/clickhouse/migrations';
import { canonicalValue } from '../support/clickhouse-value';
import { eventArbitrary } from '../support/event-arbitrary';
import { instantOfIso, instantsOf } from '../support/event-instants';
import { requiredTestEnv, TEST_ENV } from '../support/test-env';

/**
 * Batches up to a gateway batch long (a writer's fetch may hold more): the longer ones span over
 * 100 months, ClickHouse's default limit of partitions in one insert.
 */
const BATCH_EVENTS = EVENT_LIMITS.batchEvents;
/** A counterexample interrupted while still large would fill the screen: its first characters say enough. */
const SHOWN_COUNTEREXAMPLE_CHARS = 4000;
const HOUR_MS = 3_600_000;

/** A generated value the validator accepted: the event as validated, the writer's row, and what the row should hold. */
interface Accepted {
  event: unknown;
  row: EventRow;
  /** Columns worked out apart from the writer, from the event's text; a column left out is checked only against the row. */
  expected: Record<string, unknown>;
}

interface InsertableCase<G> {
  label: string;
  generated: fc.Arbitrary<G>;
  batches: number;
  /** Shrinking a failure runs inserts again and again: past this, fast-check reports what it has. */
  deadlineMs: number;
  accept(generated: G): Accepted | undefined;
}

interface Difference {
  event: unknown;
  column: string;
  expected: unknown;
  actual: unknown;
  where: 'writer row' | 'stored row';
}

const show = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/** What the gateway and the writer do with a message's bytes: parse them as UTF-8 JSON, then validate. */
function validAfterJson<T>(generated: unknown, validate: (value: unknown) => Validated<T>): T | undefined {
  const parsed = parseJsonUtf8(Buffer.from(JSON.stringify(generated)), '');
  if (!parsed.ok) return undefined;
  const validated = validate(parsed.value);
  return validated.ok ? validated.value : undefined;
}

let offset = 0;
const nextOrigin = () => ({ topic: 'insertable', partition: 0, offset: String(offset++) });

/** Seed 000's events, as the gateway takes them and maps them to the canonical event (message v1). */
const SEED_000_EVENTS: InsertableCase<unknown> = {
  label: 'insertable',
  generated: eventArbitrary(),
  batches: 4,
  deadlineMs: 120_000,
  accept(generated) {
    const event = validAfterJson(generated, (value) => validatePayload(TRIBUTARY_SOURCE, value) as Validated<TributaryEvent>);
    if (!event) return undefined;
    const receivedAt = new Date();
    const canonical = canonicalEventOf(TRIBUTARY_SOURCE, event, { receivedAt, clientIp: '2001:db8::1' });
    const row = toEventRow(canonical, { id: randomUUID(), receivedAt, origin: nextOrigin() });
    const { client_timestamp, client_date, previous_timestamp } = instantsOf(event);
    const clientTime = client_timestamp ?? client_date;
    // An event dated more than MAX_FUTURE_MS after its receipt is dated at its receipt.
    const farAhead = clientTime != null && Date.parse(clientTime) - receivedAt.getTime() > MAX_FUTURE_MS;
    return { event, row, expected: { client_timestamp: clientTime, previous_timestamp, event_time: clientTime == null || farAhead ? row.received_at : clientTime } };
  },
};

const validateCanonicalEvent = compileSchema<CanonicalEvent>(CANONICAL_EVENT_SCHEMA);

/**
 * How long after its send time (or its time, without one) an event is received: around the
 * limits of skew correction and of the future, or (null) now.
 */
const RECEIPT_DELAY_MS = fc.option(
  fc.oneof(fc.integer({ min: -26 * HOUR_MS, max: 26 * HOUR_MS }), fc.constantFrom(...[23, 24].flatMap((hours) => [-1, 0, 1].flatMap((ms) => [hours * HOUR_MS + ms, -hours * HOUR_MS - ms])))),
  { nil: null },
);

/** Canonical events, as an internal producer sends them straight to Kafka (message v2). */
const CANONICAL_EVENTS: InsertableCase<{ event: unknown; receiptDelayMs: number | null }> = {
  label: 'insertable canonical',
  generated: fc.record({ event: eventArbitrary(CANONICAL_EVENT_SCHEMA), receiptDelayMs: RECEIPT_DELAY_MS }),
  batches: 4,
  // As seed 000's: its batches span more months (up to 312 in one insert, a part each), 21.6 s for four in one CI run and two in 45 s in another.
  deadlineMs: 120_000,
  accept({ event: generated, receiptDelayMs }) {
    const event = validAfterJson(generated, (value) => validateCanonicalEvent(value));
    if (!event) return undefined;
    const anchor = event.sent_at ?? event.time;
    const delayed = anchor == null || receiptDelayMs == null ? undefined : new Date(instantOfIsoDate(anchor).getTime() + receiptDelayMs);
    // The writer refuses a message received outside the event range (decodeBatch).
    const receivedAt = delayed && isEventInstant(delayed) ? delayed : new Date();
    // As decodeBatch does: the producer's id when it gave one.
    const facts = { id: event.id ?? randomUUID(), receivedAt, origin: nextOrigin() };
    const row = toEventRow(event, facts);
    const expected = expectedRow(event, facts);
    const unchecked = Object.keys(row).filter((column) => !(column in expected));
    if (unchecked.length > 0) throw new Error(`no expected value for the column(s) ${unchecked.join(', ')}`);
    return { event, row, expected };
  },
};

/**
 * The row a canonical event should become, from its text: its times by their fields, a text
 * left out as '', a Nullable one as null, the properties as the object sent. event_time is
 * event-time.ts's rule, whose arithmetic its own spec checks.
 */
function expectedRow(event: CanonicalEvent, { id, receivedAt, origin }: StoredEventFacts): Record<string, unknown> {
  const instant = (text: string | undefined) => (text == null ? null : instantOfIso(text));
  return {
    id,
    source: event.source,
    project: event.project ?? DEFAULT_PROJECT,
    name: event.name,
    channel_type: event.channel,
    kind: event.kind ?? '',
    event_time: eventTimeOf(event, receivedAt).toISOString(),
    received_at: receivedAt.toISOString(),
    client_timestamp: instant(event.time),
    previous_timestamp: instant(event.previous_time),
    sent_at: instant(event.sent_at),
    event_id: event.event_id,
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
    event_params: event.event_params ?? [],
    user_params: event.user_params ?? [],
    ...Object.fromEntries(DEVICE_FIELDS.map((field) => [`device_${field}`, event.device?.[field] ?? ''])),
    app_id: event.app?.id ?? '',
    app_version: event.app?.version ?? '',
    items: event.items ?? [],
    properties: event.properties ?? {},
    source_topic: origin.topic,
    source_partition: origin.partition,
    source_offset: origin.offset,
  };
}

describe('every event the validator accepts is stored by ClickHouse and read back unchanged', () => {
  const config = loadConfig(ClickHouseConfig, {
    CLICKHOUSE_URL: requiredTestEnv(TEST_ENV.clickhouseUrl),
    CLICKHOUSE_DATABASE: `test_insertable_${randomBytes(4).toString('hex')}`,
  });
  const client = createClickHouseClient(config);
  const store = new ClickHouseEventStore(client);
  let columnTypes: Map<string, string>;

  beforeAll(async () => {
    await migrate(config, client, MIGRATIONS);
    const described = await client.query({ query: 'DESCRIBE TABLE events', format: 'JSONEachRow' });
    columnTypes = new Map((await described.json<{ name: string; type: string }>()).map((column) => [column.name, column.type]));
  });
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it(
    'inserts each batch of accepted seed-000 events in one insert and reads every column back as accepted',
    () => checkInsertable(SEED_000_EVENTS),
    SEED_000_EVENTS.deadlineMs + 60_000,
  );

  it(
    'inserts each batch of accepted canonical events (message v2) in one insert and reads every column back as sent',
    () => checkInsertable(CANONICAL_EVENTS),
    CANONICAL_EVENTS.deadlineMs + 60_000,
  );

  async function checkInsertable<G>({ label, generated, batches: numRuns, deadlineMs, accept }: InsertableCase<G>): Promise<void> {
    const started = Date.now();
    const executions: Array<{ generated: number; accepted: number; months: number }> = [];
    // Generated events refused, or stored and read back equal: shrinking re-runs a failing batch
    // many times over, and these need no insert again. Once ClickHouse has refused an insert,
    // though, each batch goes in whole, so that a refusal of a batch (not of a row) recurs.
    const settled = new Set<unknown>();
    let insertRefused = false;
    // Without bias: lengths spread evenly up to the maximum, where fast-check's bias keeps most batches short.
    const batches = fc.noBias(fc.array(generated, { maxLength: BATCH_EVENTS, size: 'max' }));
    const property = fc.asyncProperty(batches, async (batch) => {
      const pending = batch.filter((item) => insertRefused || !settled.has(item)).map((item) => ({ item, accepted: accept(item) }));
      pending.filter(({ accepted }) => !accepted).forEach(({ item }) => settled.add(item));
      // One row per id, the first, as decodeBatch keeps it: a producer's ids may repeat.
      const firsts = new Map<string, Accepted & { item: G }>();
      for (const { item, accepted } of pending) if (accepted && !firsts.has(accepted.row.id)) firsts.set(accepted.row.id, { item, ...accepted });
      const accepted = [...firsts.values()];
      const rows = accepted.map(({ row }) => row);
      executions.push({ generated: batch.length, accepted: accepted.length, months: monthsOf(rows) });
      // The writer's own arithmetic first: a batch it gets wrong fails without an insert, so shrinking it is quick.
      failOn(accepted.flatMap(({ event, row, expected }) => differences(event, expected, row, Object.keys(expected), 'writer row')));
      if (rows.length === 0) return;
      await insert(rows).catch((error: unknown) => {
        insertRefused = true;
        throw error;
      });
      const stored = await readBack(client, rows);
      const found = accepted.map(({ event, row, expected }) => {
        const storedRow = stored.get(String(row.source_offset));
        if (!storedRow) return [{ event, column: 'id', expected: row.id, actual: undefined, where: 'stored row' as const }];
        return differences(event, { ...row, ...expected }, storedRow, Object.keys(row), 'stored row');
      });
      accepted.forEach(({ item }, i) => found[i].length === 0 && settled.add(item));
      failOn(found.flat());
    });

    const details = await fc.check(property, { numRuns, plugins: [fc.interruptAfterTimeLimit(deadlineMs, { failOnInterrupt: true })] });
    const runs = executions.slice(0, details.numRuns);
    const sum = (key: 'generated' | 'accepted') => runs.reduce((total, run) => total + run[key], 0);
    const months = Math.max(0, ...runs.map((run) => run.months));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${label}: ${details.numRuns} batches, ${sum('generated')} events generated, ${sum('accepted')} accepted, up to ${months} months in one insert; ${details.numShrinks} shrinks, ${seconds} s`);
    if (details.failed) throw new Error(failureReport(details));
  }

  async function insert(rows: EventRow[]): Promise<void> {
    try {
      await store.insert(rows, randomUUID());
    } catch (error) {
      throw new Error(`ClickHouse refused an insert of ${rows.length} rows over ${monthsOf(rows)} months: ${(error as Error).message}`);
    }
  }

  function differences(event: unknown, expected: Record<string, unknown>, actual: Record<string, unknown>, columns: string[], where: Difference['where']): Difference[] {
    return columns.flatMap((column) => {
      const type = columnTypes.get(column);
      if (!type) throw new Error(`the row has a column ${column} that the events table lacks`);
      const [want, got] = [comparable(column, type, expected[column]), comparable(column, type, actual[column])];
      return isDeepStrictEqual(want, got) ? [] : [{ event, where, ...firstDifference(column, want, got) }];
    });
  }
});

/** properties holds JSON text: what must survive is the value it parses to. */
const comparable = (column: string, type: string, value: unknown) => (column === 'properties' && typeof value === 'string' ? JSON.parse(value) : canonicalValue(type, value));

const monthsOf = (rows: EventRow[]) => new Set(rows.map((row) => String(row.event_time).slice(0, 7))).size;

/** By source_offset, unique to each row: a producer's id may come again in a later batch. */
async function readBack(client: ClickHouseClient, rows: EventRow[]): Promise<Map<string, Record<string, unknown>>> {
  const offsets = rows.map((row) => Number(row.source_offset));
  const result = await client.query({ query: 'SELECT * FROM events WHERE source_offset IN {offsets:Array(UInt64)}', query_params: { offsets }, format: 'JSONEachRow' });
  const stored = await result.json<Record<string, unknown>>();
  return new Map(stored.map((row) => [String(row.source_offset), row]));
}

/** Down to the first element or field that differs, so that a long array names its one changed value. */
function firstDifference(path: string, expected: unknown, actual: unknown): Pick<Difference, 'column' | 'expected' | 'actual'> {
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
    const [a, b] = [expected as Record<string, unknown>, actual as Record<string, unknown>];
    // Own fields only: a `__proto__` one side lacks would read as the other's prototype.
    const field = (object: Record<string, unknown>, key: string) => (Object.hasOwn(object, key) ? object[key] : undefined);
    const key = [...new Set([...Object.keys(a), ...Object.keys(b)])].find((k) => !isDeepStrictEqual(field(a, k), field(b, k)));
    if (key !== undefined) return firstDifference(Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`, field(a, key), field(b, key));
  }
  return { column: path, expected, actual };
}

function failOn(differences: Difference[]): void {
  if (differences.length > 0) throw new Error(`${differences.length} difference(s), the first:\n${differences.slice(0, 3).map(describeDifference).join('\n')}`);
}

function failureReport(details: fc.RunDetails<unknown>): string {
  const counterexample = fc.stringify((details.counterexample as [unknown[]] | null)?.[0]);
  const shown = counterexample.length > SHOWN_COUNTEREXAMPLE_CHARS ? `${counterexample.slice(0, SHOWN_COUNTEREXAMPLE_CHARS)}…` : counterexample;
  return [
    `failed after ${details.numRuns} batch(es), shrunk ${details.numShrinks} time(s)${details.interrupted ? ', interrupted at the deadline' : ''}`,
    `replay: { seed: ${details.seed}, path: ${JSON.stringify(details.counterexamplePath)} }`,
    details.errorInstance instanceof Error ? details.errorInstance.message : 'no failure: the deadline came before the batches were done',
    `batch: ${shown}`,
  ].join('\n');
}

function describeDifference({ event, column, expected, actual, where }: Difference): string {
  return `${where} ${column}: expected ${show(expected)}, got ${show(actual)}\n  event ${show(event)}`;
}
