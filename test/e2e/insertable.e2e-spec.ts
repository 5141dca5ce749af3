import { ClickHouseClient } from '@clickhouse/client';
import { canonicalEventOf, EVENT_LIMITS, parseJsonUtf8, TRIBUTARY_SOURCE, TributaryEvent, validatePayload } from '@tributary/contracts';
import { ClickHouseConfig, loadConfig } from '@tributary/platform';
import fc from 'fast-check';
import { randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ClickHouseEventStore } from '../../apps/writer/src/ingest/clickhouse-event-store';
import { EventRow, toEventRow } from '../../apps/writer/src/ingest/event-row';
import { createClickHouseClient } from '../../libs/platform/src/clickhouse/clickhouse-client';
import { migrate } from '../../libs/platform/src/clickhouse/migrate';
import { MIGRATIONS } from '../../libs/platform/src/clickhouse/migrations';
import { canonicalValue } from '../support/clickhouse-value';
import { eventArbitrary } from '../support/event-arbitrary';
import { instantsOf } from '../support/event-instants';
import { requiredTestEnv, TEST_ENV } from '../support/test-env';

/**
 * Batches up to a gateway batch long (a writer's fetch may hold more): the longer ones span over
 * 100 months, ClickHouse's default limit of partitions in one insert.
 */
const BATCH_EVENTS = EVENT_LIMITS.batchEvents;
const BATCHES = 4;
/** Shrinking a failure runs inserts again and again: past this, fast-check reports what it has. */
const PROPERTY_DEADLINE_MS = 120_000;
/** A counterexample interrupted while still large would fill the screen: its first characters say enough. */
const SHOWN_COUNTEREXAMPLE_CHARS = 4000;

/** What the gateway and the writer do with a message's bytes: parse them as UTF-8 JSON, then validate. */
function acceptedEvent(event: unknown): TributaryEvent | undefined {
  const parsed = parseJsonUtf8(Buffer.from(JSON.stringify(event)), '');
  if (!parsed.ok) return undefined;
  const validated = validatePayload(TRIBUTARY_SOURCE, parsed.value);
  return validated.ok ? (validated.value as TributaryEvent) : undefined;
}

interface Difference {
  event: TributaryEvent;
  column: string;
  expected: unknown;
  actual: unknown;
  where: 'writer row' | 'stored row';
}

const show = (value: unknown) => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

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

  it('inserts each batch of accepted events in one insert and reads every column back as accepted', async () => {
    const executions: Array<{ generated: number; accepted: number; months: number }> = [];
    // Generated events refused, or stored and read back equal: shrinking re-runs a failing batch
    // many times over, and these need no insert again. Once ClickHouse has refused an insert,
    // though, each batch goes in whole, so that a refusal of a batch (not of a row) recurs.
    const settled = new Set<unknown>();
    let insertRefused = false;
    // Without bias: lengths spread evenly up to the maximum, where fast-check's bias keeps most batches short.
    const batches = fc.noBias(fc.array(eventArbitrary(), { maxLength: BATCH_EVENTS, size: 'max' }));
    const property = fc.asyncProperty(batches, async (batch) => {
      const pending = batch.filter((generated) => insertRefused || !settled.has(generated)).map((generated) => ({ generated, event: acceptedEvent(generated) }));
      pending.filter(({ event }) => !event).forEach(({ generated }) => settled.add(generated));
      const accepted = pending.flatMap(({ generated, event }) => (event ? [{ generated, event, row: rowOf(event) }] : []));
      const rows = accepted.map(({ row }) => row);
      executions.push({ generated: batch.length, accepted: accepted.length, months: monthsOf(rows) });
      // The writer's own arithmetic first: a batch it gets wrong fails without an insert, so shrinking it is quick.
      failOn(accepted.flatMap(({ event, row }) => writerDifferences(event, row)));
      if (rows.length === 0) return;
      await insert(rows).catch((error: unknown) => {
        insertRefused = true;
        throw error;
      });
      const stored = await readBack(client, rows.map((row) => row.id));
      const differences = accepted.map(({ event, row }) => storedDifferences(event, row, stored.get(row.id)));
      accepted.forEach(({ generated }, i) => differences[i].length === 0 && settled.add(generated));
      failOn(differences.flat());
    });

    const details = await fc.check(property, { numRuns: BATCHES, plugins: [fc.interruptAfterTimeLimit(PROPERTY_DEADLINE_MS, { failOnInterrupt: true })] });
    const runs = executions.slice(0, details.numRuns);
    const sum = (key: 'generated' | 'accepted') => runs.reduce((total, run) => total + run[key], 0);
    const months = Math.max(0, ...runs.map((run) => run.months));
    console.log(`insertable: ${details.numRuns} batches, ${sum('generated')} events generated, ${sum('accepted')} accepted, up to ${months} months in one insert; ${details.numShrinks} shrinks`);
    if (details.failed) throw new Error(failureReport(details));
  }, PROPERTY_DEADLINE_MS + 60_000);

  async function insert(rows: EventRow[]): Promise<void> {
    try {
      await store.insert(rows, randomUUID());
    } catch (error) {
      throw new Error(`ClickHouse refused an insert of ${rows.length} rows over ${monthsOf(rows)} months: ${(error as Error).message}`);
    }
  }

  function writerDifferences(event: TributaryEvent, row: EventRow): Difference[] {
    const { client_timestamp, client_date, previous_timestamp } = instantsOf(event);
    const clientTime = client_timestamp ?? client_date;
    const expected = { client_timestamp: clientTime, previous_timestamp, event_time: clientTime ?? row.received_at };
    return Object.entries(expected).flatMap(([column, value]) => differenceIn(event, column, value, row[column], 'writer row'));
  }

  function storedDifferences(event: TributaryEvent, row: EventRow, stored: Record<string, unknown> | undefined): Difference[] {
    if (!stored) return [{ event, column: 'id', expected: row.id, actual: undefined, where: 'stored row' }];
    return Object.keys(row).flatMap((column) => differenceIn(event, column, row[column], stored[column], 'stored row'));
  }

  function differenceIn(event: TributaryEvent, column: string, sent: unknown, got: unknown, where: Difference['where']): Difference[] {
    const type = columnTypes.get(column);
    if (!type) throw new Error(`the row has a column ${column} that the events table lacks`);
    const [expected, actual] = [canonicalValue(type, sent), canonicalValue(type, got)];
    return isDeepStrictEqual(expected, actual) ? [] : [{ event, where, ...firstDifference(column, expected, actual) }];
  }
});

let offset = 0;
const rowOf = (event: TributaryEvent) => {
  const receivedAt = new Date();
  const canonical = canonicalEventOf(TRIBUTARY_SOURCE, event, { receivedAt, clientIp: '2001:db8::1' });
  return toEventRow(canonical, { id: randomUUID(), receivedAt, origin: { topic: 'insertable', partition: 0, offset: String(offset++) } });
};

const monthsOf = (rows: EventRow[]) => new Set(rows.map((row) => String(row.event_time).slice(0, 7))).size;

async function readBack(client: ClickHouseClient, ids: string[]): Promise<Map<string, Record<string, unknown>>> {
  const result = await client.query({ query: 'SELECT * FROM events WHERE id IN {ids:Array(UUID)}', query_params: { ids }, format: 'JSONEachRow' });
  const rows = await result.json<Record<string, unknown>>();
  return new Map(rows.map((row) => [String(row.id), row]));
}

/** Down to the first element or field that differs, so that a long array names its one changed value. */
function firstDifference(path: string, expected: unknown, actual: unknown): Pick<Difference, 'column' | 'expected' | 'actual'> {
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object') {
    const [a, b] = [expected as Record<string, unknown>, actual as Record<string, unknown>];
    const key = [...new Set([...Object.keys(a), ...Object.keys(b)])].find((k) => !isDeepStrictEqual(a[k], b[k]));
    if (key !== undefined) return firstDifference(Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`, a[key], b[key]);
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
