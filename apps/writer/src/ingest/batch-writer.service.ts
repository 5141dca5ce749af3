import { Injectable, Logger } from '@nestjs/common';
import type { InboundBatch } from '@tributary/platform';
import { DeadLetters } from './dead-letters';
import { decodeBatch } from './decode-batch';
import { EventRow } from './event-row';
import { EventStore } from './event-store';
import { WriterMetrics } from './writer.metrics';

/**
 * Writes one consumed batch: valid events into the store, the rest to the dead-letter topic.
 * It resolves only when both are durable; the caller commits the offsets after that.
 */
@Injectable()
export class BatchWriter {
  private readonly logger = new Logger(BatchWriter.name);

  constructor(
    private readonly store: EventStore,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: WriterMetrics,
  ) {}

  async write(batch: InboundBatch): Promise<void> {
    try {
      await this.writeOnce(batch);
    } catch (error) {
      this.metrics.batchFailures.inc();
      throw error;
    }
  }

  private async writeOnce(batch: InboundBatch): Promise<void> {
    const decoded = decodeBatch(batch);
    const { rows, alreadyStored } = await this.alignWithStoredCopies(decoded.rows);
    const first = batch.messages[0].offset;
    const last = batch.messages[batch.messages.length - 1].offset;
    if (rows.length > 0) {
      const stopTimer = this.metrics.insertSeconds.startTimer();
      await this.store.insert(rows, `${batch.topic}/${batch.partition}/${first}-${last}`);
      stopTimer();
    }
    await this.deadLetters.send(batch.topic, decoded.rejected);
    this.metrics.rowsInserted.inc(rows.length);
    this.metrics.duplicatesSuppressed.inc(decoded.duplicates + alreadyStored);
    this.metrics.deadLettered.inc(decoded.rejected.length);
    for (const { message, reason } of decoded.rejected) {
      this.logger.warn(`dead-lettered ${batch.topic}/${batch.partition}/${message.offset}: ${reason}`);
    }
  }

  /**
   * A client's event_id may come back later with another time (its receive time) or channel,
   * hence another sort key, which the store's collapsing would not see. Such a copy takes the
   * sort key of the stored one, so that the two collapse. Rows are rewritten, never dropped:
   * a retried batch must be the same rows for its dedup token to stand for it. Every copy of an
   * id lands on the same partition, so no other writer races this one for it.
   */
  private async alignWithStoredCopies(rows: EventRow[]): Promise<{ rows: EventRow[]; alreadyStored: number }> {
    const keyed = rows.filter((row) => row.event_id !== null).map((row) => row.id);
    const stored = await this.store.storedSortKeys(keyed);
    if (stored.size === 0) return { rows, alreadyStored: 0 };
    return { rows: rows.map((row) => ({ ...row, ...stored.get(row.id) })), alreadyStored: stored.size };
  }
}
