import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

@Injectable()
export class WriterMetrics {
  readonly rowsInserted: Counter;
  readonly duplicatesSuppressed: Counter;
  readonly deadLettered: Counter;
  readonly insertSeconds: Histogram;
  readonly batchFailures: Counter;

  constructor(registry: Registry) {
    this.rowsInserted = new Counter({ name: 'tributary_writer_rows_inserted_total', help: 'Rows inserted into ClickHouse', registers: [registry] });
    this.duplicatesSuppressed = new Counter({
      name: 'tributary_writer_duplicates_suppressed_total',
      help: 'Copies of an event met earlier in the batch or already stored, collapsed into it by the writer',
      registers: [registry],
    });
    this.deadLettered = new Counter({
      name: 'tributary_writer_dead_lettered_total',
      help: 'Messages that were not valid events, sent to the dead-letter topic',
      registers: [registry],
    });
    this.batchFailures = new Counter({
      name: 'tributary_writer_batch_failures_total',
      help: 'Batch writes that failed (ClickHouse or the dead-letter topic unavailable) and were retried',
      registers: [registry],
    });
    this.insertSeconds = new Histogram({
      name: 'tributary_writer_insert_duration_seconds',
      help: 'Duration of one batch insert into ClickHouse',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }
}
