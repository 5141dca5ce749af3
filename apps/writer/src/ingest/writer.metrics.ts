import { Injectable } from '@nestjs/common';
import { MessageSubscriber, PartitionFailure, SubscriptionObserver } from '@tributary/platform';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DecodedEvent } from './decode-batch';

/** The writer's work, batch by batch; told of commits and retries by the subscriber it observes. */
@Injectable()
export class WriterMetrics implements SubscriptionObserver {
  readonly duplicatesSuppressed: Counter;
  readonly deadLettered: Counter<'stage'>;
  readonly insertSeconds: Histogram;
  private readonly messagesConsumed: Counter;
  private readonly rowsInserted: Counter;
  private readonly batchMessages: Histogram;
  private readonly eventFreshness: Histogram;
  private readonly commitSeconds: Histogram;
  private readonly batchFailures: Counter<'topic' | 'partition'>;

  constructor(registry: Registry, subscriber: MessageSubscriber) {
    this.messagesConsumed = new Counter({
      name: 'tributary_writer_messages_consumed_total',
      help: 'Messages of the batches written (inserted, collapsed into a copy, or dead-lettered), whose offsets are then committed',
      registers: [registry],
    });
    this.rowsInserted = new Counter({ name: 'tributary_writer_rows_inserted_total', help: 'Rows inserted into ClickHouse', registers: [registry] });
    this.duplicatesSuppressed = new Counter({
      name: 'tributary_writer_duplicates_suppressed_total',
      help: 'Copies of an event met earlier in the batch or already stored, collapsed into it by the writer',
      registers: [registry],
    });
    this.deadLettered = new Counter({
      name: 'tributary_writer_dead_lettered_total',
      help: 'Messages sent to the dead-letter topic, by stage: validation (not a valid event) or clickhouse (a row ClickHouse refused)',
      labelNames: ['stage'],
      registers: [registry],
    });
    this.batchFailures = new Counter({
      name: 'tributary_writer_batch_failures_total',
      help: 'Attempts to write a batch that failed for a reason a retry may fix (ClickHouse or Kafka unavailable) and were retried',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    });
    this.batchMessages = new Histogram({
      name: 'tributary_writer_batch_size_messages',
      help: 'Messages in each batch written',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000],
      registers: [registry],
    });
    this.insertSeconds = new Histogram({
      name: 'tributary_writer_insert_duration_seconds',
      help: 'Duration of one batch insert into ClickHouse',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.commitSeconds = new Histogram({
      name: 'tributary_writer_commit_duration_seconds',
      help: "Duration of one commit of a written batch's offsets",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.eventFreshness = new Histogram({
      name: 'tributary_writer_event_freshness_seconds',
      help: 'Age of each inserted event when it became countable: the time of its insert less the time the gateway received it',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    new Gauge({
      name: 'tributary_writer_consumer_lag_messages',
      help: "Messages of each partition of this member past its committed offset, as of the partition's last fetch or commit",
      labelNames: ['topic', 'partition'],
      registers: [registry],
      collect() {
        this.reset();
        for (const lag of subscriber.partitionLags()) this.set({ topic: lag.topic, partition: lag.partition }, lag.messages);
      },
    });
    new Gauge({
      name: 'tributary_writer_partition_failing_since_timestamp_seconds',
      help: 'For each partition whose batch keeps failing now, when it began to fail (Unix seconds); absent while it writes',
      labelNames: ['topic', 'partition'],
      registers: [registry],
      collect() {
        this.reset();
        for (const failure of subscriber.failingPartitions()) {
          this.set({ topic: failure.topic, partition: failure.partition }, failure.since.getTime() / 1000);
        }
      },
    });
  }

  /** A batch of `messages` is written, `inserted` among its events now countable. */
  batchWritten(messages: number, inserted: DecodedEvent[]): void {
    this.messagesConsumed.inc(messages);
    this.batchMessages.observe(messages);
    this.rowsInserted.inc(inserted.length);
    const now = Date.now();
    for (const { receivedAt } of inserted) this.eventFreshness.observe((now - receivedAt.getTime()) / 1000);
  }

  committed(seconds: number): void {
    this.commitSeconds.observe(seconds);
  }

  retrying({ topic, partition }: PartitionFailure): void {
    this.batchFailures.inc({ topic, partition });
  }
}
