import { Injectable } from '@nestjs/common';
import { MessageSubscriber } from '@tributary/platform';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

@Injectable()
export class WriterMetrics {
  readonly rowsInserted: Counter;
  readonly duplicatesSuppressed: Counter;
  readonly deadLettered: Counter<'stage'>;
  readonly insertSeconds: Histogram;
  readonly batchFailures: Counter<'topic' | 'partition'>;

  constructor(registry: Registry, subscriber: MessageSubscriber) {
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
    this.insertSeconds = new Histogram({
      name: 'tributary_writer_insert_duration_seconds',
      help: 'Duration of one batch insert into ClickHouse',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
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
}
