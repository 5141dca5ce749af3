import { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfig, KafkaConfig, MessageSubscriber, SchemaConfig } from '@tributary/platform';
import { Registry } from 'prom-client';
import { WriterConfig } from '../writer.config';
import { PartitionCompaction } from './clickhouse-partition-compaction';
import { CompactionMetrics } from './compaction.metrics';

const INTERVAL_MS = 1_000;
const kafka = new KafkaConfig();
const TOPIC = kafka.KAFKA_TOPIC;

/** A writer whose consumer holds `assignment`, over a ClickHouse with one quiet partition of two parts. */
function writerHolding(assignment: Record<string, number[]>, merge: (signal?: AbortSignal) => Promise<unknown> = async () => ({})) {
  const client = {
    query: jest.fn(async () => ({ json: async () => [{ table: 'events', partition_id: '202501', parts: 2 }] })),
    command: jest.fn(({ abort_signal }: { abort_signal?: AbortSignal }) => merge(abort_signal)),
    close: jest.fn(async () => undefined),
  };
  const subscriber = { assignedPartitions: (topic: string) => assignment[topic] ?? [] } as MessageSubscriber;
  const registry = new Registry();
  const config = Object.assign(new WriterConfig(), { WRITER_COMPACTION_INTERVAL_MS: INTERVAL_MS, WRITER_COMPACTION_QUIET_SECONDS: 0 });
  const compaction = new PartitionCompaction(
    client as unknown as ClickHouseClient,
    new ClickHouseConfig(),
    new SchemaConfig(),
    config,
    new CompactionMetrics(registry),
    subscriber,
    kafka,
  );
  const outcomes = async () => {
    const { values } = await registry.getSingleMetric('tributary_writer_compactions_total')!.get();
    return Object.fromEntries(values.map(({ labels, value }) => [labels.outcome, value]));
  };
  return { compaction, client, assignment, outcomes };
}

describe('PartitionCompaction: the holder of partition 0 of the events topic compacts', () => {
  let writers: ReturnType<typeof writerHolding>[] = [];
  const start = (...args: Parameters<typeof writerHolding>) => {
    const writer = writerHolding(...args);
    writers.push(writer);
    writer.compaction.onApplicationBootstrap();
    return writer;
  };

  beforeEach(() => jest.useFakeTimers());
  afterEach(async () => {
    await Promise.all(writers.map(({ compaction }) => compaction.onApplicationShutdown()));
    writers = [];
    jest.useRealTimers();
  });

  it('merges on the holder; the other writers skip the sweep, counted neither done nor failed', async () => {
    const holder = start({ [TOPIC]: [0, 2] });
    const other = start({ [TOPIC]: [1, 3] });
    const deadLettersOnly = start({ [kafka.deadLetterTopic]: [0] });
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);

    expect(holder.client.command).toHaveBeenCalledTimes(1);
    expect(await holder.outcomes()).toEqual({ done: 1, failed: 0 });
    for (const writer of [other, deadLettersOnly]) {
      expect(writer.client.query).not.toHaveBeenCalled();
      expect(await writer.outcomes()).toEqual({ done: 0, failed: 0 });
    }
  });

  it('follows the assignment from one sweep to the next', async () => {
    const writer = start({ [TOPIC]: [1] });
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(writer.client.query).not.toHaveBeenCalled();

    writer.assignment[TOPIC] = [0, 1];
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(writer.client.command).toHaveBeenCalledTimes(1);

    // A rebalance under way: the writer holds nothing until the group assigns again.
    writer.assignment[TOPIC] = [];
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(writer.client.command).toHaveBeenCalledTimes(1);
    expect(await writer.outcomes()).toEqual({ done: 1, failed: 0 });
  });
  it('gives each merge WRITER_COMPACTION_TIMEOUT_MS on ClickHouse', async () => {
    const writer = start({ [TOPIC]: [0] });
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(writer.client.command).toHaveBeenCalledWith(expect.objectContaining({ clickhouse_settings: expect.objectContaining({ max_execution_time: 3600 }) }));
  });

  it('stops waiting for a merge in flight at shutdown, counted neither done nor failed, and closes its client', async () => {
    const endless = (signal?: AbortSignal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    const writer = start({ [TOPIC]: [0] }, endless);
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(writer.client.command).toHaveBeenCalledTimes(1);

    await writer.compaction.onApplicationShutdown();
    expect(writer.client.close).toHaveBeenCalled();
    expect(await writer.outcomes()).toEqual({ done: 0, failed: 0 });
  });
});
