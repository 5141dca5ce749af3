import { ClickHouseClient } from '@clickhouse/client';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClickHouseConfig, compactQuietPartitions, KafkaConfig, layoutOf, MessageSubscriber, SchemaConfig } from '@tributary/platform';
import { WriterConfig } from '../writer.config';
import { COMPACTION_CLIENT } from './clickhouse-compaction-client';
import { CompactionMetrics } from './compaction.metrics';

/** Of the events topic: the consumer group gives it to one writer at a time. */
const COMPACTING_PARTITION = 0;

/**
 * Every WRITER_COMPACTION_INTERVAL_MS, merges each partition of events that has more than one part
 * and no part written for WRITER_COMPACTION_QUIET_SECONDS into one part, so that exact reads
 * (FINAL) skip the merge there. Runs never overlap; a failed run is retried at the next interval.
 * Only the holder of COMPACTING_PARTITION runs them: replicas racing for one merge would fail it.
 * A merge may take up to WRITER_COMPACTION_TIMEOUT_MS, hence a client of its own.
 */
@Injectable()
export class PartitionCompaction implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PartitionCompaction.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(
    @Inject(COMPACTION_CLIENT) private readonly client: ClickHouseClient,
    private readonly clickhouse: ClickHouseConfig,
    private readonly schema: SchemaConfig,
    private readonly config: WriterConfig,
    private readonly metrics: CompactionMetrics,
    private readonly subscriber: MessageSubscriber,
    private readonly kafka: KafkaConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WRITER_COMPACTION_INTERVAL_MS > 0) this.schedule();
  }

  /** Stops waiting for a merge in flight, which may take up to WRITER_COMPACTION_TIMEOUT_MS, then closes the client. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
    await this.client.close();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run().finally(() => this.schedule());
    }, this.config.WRITER_COMPACTION_INTERVAL_MS);
  }

  private async run(): Promise<void> {
    if (!this.subscriber.assignedPartitions(this.kafka.KAFKA_TOPIC).includes(COMPACTING_PARTITION)) {
      this.logger.debug(`skipped: partition ${COMPACTING_PARTITION} of ${this.kafka.KAFKA_TOPIC} is not this writer's, its holder compacts`);
      return;
    }
    try {
      const layout = layoutOf(this.clickhouse, this.schema);
      await compactQuietPartitions(this.client, layout, {
        quietSeconds: this.config.WRITER_COMPACTION_QUIET_SECONDS,
        timeoutMs: this.config.WRITER_COMPACTION_TIMEOUT_MS,
        signal: this.stopping.signal,
        onCompacted: (done) => {
          this.metrics.compacted(done);
          this.logger.log(`merged partition ${done.partitionId} of ${done.table} (${done.parts} parts) in ${done.seconds.toFixed(1)} s`);
        },
      });
    } catch (error) {
      if (this.stopped) {
        this.logger.log(`compaction of events stopped by the shutdown: ${(error as Error).message}`);
        return;
      }
      this.metrics.failed();
      this.logger.warn(`compaction of events failed, retried in ${this.config.WRITER_COMPACTION_INTERVAL_MS} ms: ${(error as Error).message}`);
    }
  }
}
