import { ClickHouseClient } from '@clickhouse/client';
import { BenchContext } from '../phases/bench-context';
import { WriterRun } from '../phases/writer-throughput';

const READ_CHUNK_OFFSETS = 25_000n;

/**
 * The writer's own rows, read back and inserted again into a copy of the events table straight
 * from this process: same client, same format (JSONEachRow), same rows per insert, one insert at a
 * time, as the writer does; no Kafka, no decoding, no validation. Only the inserts are timed.
 */
export async function measureDirectInsert(context: BenchContext, client: ClickHouseClient, writer: WriterRun): Promise<number> {
  await client.command({ query: 'CREATE TABLE events_direct AS events' });
  const rowsPerInsert = Math.max(1, Math.round(writer.rowsPerInsert));
  let rows = 0;
  let insertMs = 0;
  for (const [partition, [first, end]] of writer.ranges) {
    for (let from = first; from < end; from += READ_CHUNK_OFFSETS) {
      const chunk = await readRows(client, context.settings.topic, partition, from, from + READ_CHUNK_OFFSETS);
      for (let at = 0; at < chunk.length; at += rowsPerInsert) {
        const values = chunk.slice(at, at + rowsPerInsert);
        const started = performance.now();
        await client.insert({ table: 'events_direct', values, format: 'JSONEachRow' });
        insertMs += performance.now() - started;
        rows += values.length;
      }
    }
  }
  const rowsPerSecond = (rows / insertMs) * 1000;
  context.table.add({
    id: 'reference.clickhouse-direct-insert',
    label: 'reference: direct insert of the same rows into ClickHouse (embedded server, JSONEachRow)',
    value: rowsPerSecond,
    unit: 'rows/s',
    note: `${rows.toLocaleString('en-US')} rows, ${rowsPerInsert} per insert`,
  });
  context.table.add({
    id: 'writer.ratio-to-direct',
    label: 'writer rate / direct insert rate',
    value: (writer.rowsPerSecond / rowsPerSecond) * 100,
    unit: '%',
  });
  return rowsPerSecond;
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
