import { Injectable } from '@nestjs/common';
import { PartitionCompacted } from '@tributary/platform';
import { Counter, Histogram, Registry } from 'prom-client';

/** The merges of quiet partitions the writer ran (clickhouse-partition-compaction.ts). */
@Injectable()
export class CompactionMetrics {
  private readonly runs: Counter<'outcome'>;
  private readonly seconds: Histogram;

  constructor(registry: Registry) {
    this.runs = new Counter({
      name: 'tributary_writer_compactions_total',
      help: 'OPTIMIZE … FINAL of a quiet partition of events or distinct_users, by outcome: done, or failed (retried at the next interval)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.seconds = new Histogram({
      name: 'tributary_writer_compaction_duration_seconds',
      help: 'Duration of one OPTIMIZE … FINAL of a quiet partition of events or distinct_users',
      // Up to WRITER_COMPACTION_TIMEOUT_MS's default hour: a month of 33M events takes minutes.
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    });
    this.runs.inc({ outcome: 'done' }, 0);
    this.runs.inc({ outcome: 'failed' }, 0);
  }

  compacted({ seconds }: PartitionCompacted): void {
    this.runs.inc({ outcome: 'done' });
    this.seconds.observe(seconds);
  }

  failed(): void {
    this.runs.inc({ outcome: 'failed' });
  }
}
