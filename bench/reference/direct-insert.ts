import { ClickHouseClient } from '@clickhouse/client';
import { BenchContext } from '../phases/bench-context';
import { WriterRun } from '../phases/writer-throughput';

const READ_CHUNK_OFFSETS = 25_000n;
/** ClickHouse's advice is 10,000 to 100,000 rows per insert: what the writer's rows would do so. */
const LARGE_INSERT_ROWS = 10_000;

interface InsertTarget {
  table: string;
  format: 'JSONEachRow' | 'JSONCompactEachRow';
  rowsPerInsert: number;
  rows: number;
  insertMs: number;
}

/**
 * The writer's own rows, read back and inserted again into copies of the events table straight
 * from this process: same client, same format (JSONCompactEachRow), one insert at a time, as the
 * writer does; no Kafka, no decoding, no validation. Only the inserts are timed. Once with the
 * writer's rows per insert (the reference for its ratio), once with ClickHouse's advised size,
 * once as JSONEachRow (the format the writer used before).
 */
export async function measureDirectInsert(context: BenchContext, client: ClickHouseClient, writer: WriterRun): Promise<number> {
  const targets: InsertTarget[] = [
    { table: 'events_direct', format: 'JSONCompactEachRow', rowsPerInsert: Math.max(1, Math.round(writer.rowsPerInsert)), rows: 0, insertMs: 0 },
    { table: 'events_direct_large', format: 'JSONCompactEachRow', rowsPerInsert: LARGE_INSERT_ROWS, rows: 0, insertMs: 0 },
    { table: 'events_direct_objects', format: 'JSONEachRow', rowsPerInsert: Math.max(1, Math.round(writer.rowsPerInsert)), rows: 0, insertMs: 0 },
  ];
  for (const { table } of targets) await client.command({ query: `CREATE TABLE ${table} AS events` });
  for (const [partition, [first, end]] of writer.ranges) {
    for (let from = first; from < end; from += READ_CHUNK_OFFSETS) {
      const chunk = await readRows(client, context.settings.topic, partition, from, from + READ_CHUNK_OFFSETS);
      for (const target of targets) await insertTimed(client, target, chunk);
    }
  }
  const [same, large, objects] = targets.map((t) => (t.rows / t.insertMs) * 1000);
  context.table.add({
    id: 'reference.clickhouse-direct-insert',
    label: 'reference: direct insert of the same rows into ClickHouse (embedded server, JSONCompactEachRow as the writer)',
    value: same,
    unit: 'rows/s',
    note: `${targets[0].rows.toLocaleString('en-US')} rows, ${targets[0].rowsPerInsert} per insert (as the writer)`,
  });
  context.table.add({
    id: 'reference.clickhouse-direct-insert-large',
    label: `reference: the same direct insert, ${LARGE_INSERT_ROWS.toLocaleString('en-US')} rows per insert`,
    value: large,
    unit: 'rows/s',
    note: `${targets[1].rows.toLocaleString('en-US')} rows`,
  });
  context.table.add({
    id: 'reference.clickhouse-direct-insert-objects',
    label: 'reference: the same direct insert as JSONEachRow (rows as objects, keys repeated)',
    value: objects,
    unit: 'rows/s',
    note: `${targets[2].rows.toLocaleString('en-US')} rows, ${targets[2].rowsPerInsert} per insert`,
  });
  context.table.add({ id: 'writer.ratio-to-direct', label: 'writer rate / direct insert rate (same rows per insert)', value: (writer.rowsPerSecond / same) * 100, unit: '%' });
  return same;
}

async function insertTimed(client: ClickHouseClient, target: InsertTarget, chunk: Record<string, unknown>[]): Promise<void> {
  for (let at = 0; at < chunk.length; at += target.rowsPerInsert) {
    const rows = chunk.slice(at, at + target.rowsPerInsert);
    const columns = Object.keys(rows[0]) as [string, ...string[]];
    const values = target.format === 'JSONEachRow' ? rows : rows.map((row) => columns.map((column) => row[column]));
    const started = performance.now();
    await client.insert<unknown>({ table: target.table, values, format: target.format, columns });
    target.insertMs += performance.now() - started;
    target.rows += values.length;
  }
}

async function readRows(client: ClickHouseClient, topic: string, partition: number, from: bigint, to: bigint): Promise<Record<string, unknown>[]> {
  const result = await client.query({
    query: `SELECT * FROM events WHERE source_topic = {topic:String} AND source_partition = {partition:UInt32}
            AND source_offset >= {from:UInt64} AND source_offset < {to:UInt64}`,
    query_params: { topic, partition, from: String(from), to: String(to) },
    format: 'JSONEachRow',
  });
  return result.json<Record<string, unknown>>();
}
