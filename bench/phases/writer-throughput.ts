import { setTimeout as sleep } from 'node:timers/promises';
import { startApp } from '../support/platform';
import { sampleValue, scrape } from '../support/prometheus-text';
import { BenchContext } from './bench-context';

export const WRITER_GROUP = 'bench-writer';
const ROWS = 'tributary_writer_rows_inserted_total';
const INSERTS = 'tributary_writer_insert_duration_seconds_count';
const POLL_MS = 100;

export interface WriterRun {
  rowsPerSecond: number;
  rowsPerInsert: number;
  /** Where the drained messages were: partition → [first offset, end offset). */
  ranges: Map<number, [bigint, bigint]>;
}

/**
 * Rows/s from a pre-filled topic into ClickHouse: the writer's group is placed `writerMessages`
 * before the end of the topic the gateway filled (so it drains real gateway messages), then the
 * writer starts with its default batch settings. The rate counts from its first insert to the
 * commit of the last message, read from its own metrics. The writer keeps running afterwards.
 */
export async function measureWriterThroughput(context: BenchContext): Promise<WriterRun> {
  const { admin, settings, size } = context;
  const ends = await admin.ends(settings.topic);
  const perPartition = BigInt(Math.ceil(size.writerMessages / ends.size));
  const ranges = new Map([...ends].map(([partition, end]) => [partition, [end > perPartition ? end - perPartition : 0n, end] as [bigint, bigint]]));
  const messages = Number([...ranges.values()].reduce((sum, [from, to]) => sum + (to - from), 0n));
  await admin.placeGroup(WRITER_GROUP, settings.topic, new Map([...ranges].map(([partition, [from]]) => [partition, from])));

  const writer = await startApp(settings, 'writer', { WRITER_GROUP_ID: WRITER_GROUP });
  context.writer = writer;
  const deadline = Date.now() + 60_000 + messages / 5;
  let first: { at: number; rows: number } | undefined;
  let last: { at: number; rows: number; inserts: number } | undefined;
  for (;;) {
    const metrics = await scrape(writer.managementUrl);
    const sample = { at: performance.now(), rows: sampleValue(metrics, ROWS), inserts: sampleValue(metrics, INSERTS) };
    if (!first && sample.rows > 0) first = sample;
    const committed = await admin.committed(WRITER_GROUP, settings.topic);
    if ([...ends].every(([partition, end]) => (committed.get(partition) ?? 0n) >= end)) {
      last = sample;
      break;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for the writer to commit ${messages} messages of ${settings.topic}; committed ${JSON.stringify([...committed].map(String))}`);
    await sleep(POLL_MS);
  }
  if (!first || last.rows === first.rows) throw new Error(`the writer drained ${messages} messages in less than one poll (${POLL_MS} ms): use more writerMessages`);
  const rowsPerSecond = ((last.rows - first.rows) / (last.at - first.at)) * 1000;
  const rowsPerInsert = last.rows / Math.max(1, last.inserts);
  context.table.add({
    id: 'writer.throughput',
    label: `writer: pre-filled topic → ClickHouse (its default settings)`,
    value: rowsPerSecond,
    unit: 'rows/s',
    note: `${messages.toLocaleString('en-US')} messages, ${last.inserts} inserts of ${Math.round(rowsPerInsert)} rows`,
  });
  return { rowsPerSecond, rowsPerInsert, ranges };
}
