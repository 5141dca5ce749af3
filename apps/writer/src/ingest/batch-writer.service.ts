import { Injectable, Logger } from '@nestjs/common';
import { formatLogPosition, requestIdOfHeaders } from '@tributary/contracts';
import type { InboundBatch } from '@tributary/platform';
import { DeadLetter, DeadLetters } from './dead-letters';
import { DecodedEvent, decodeBatch } from './decode-batch';
import { EventRow } from './event-row';
import { ErasureSweep } from './erasure-sweep';
import { EventStore, RowsRefusedError } from './event-store';
import { findRefusedRows, RefusedRow } from './refused-rows';
import { WriterMetrics } from './writer.metrics';

/**
 * Writes one consumed batch: valid events into the store, the rest to the dead-letter topic.
 * It resolves only when both are durable; the caller commits the offsets after that. It throws
 * only for what a retry may fix (the store or Kafka unavailable): one bad row never stops a partition.
 * Its lines about a message carry the request id the message came with (x-request-id), and its
 * topic, partition and offset: a dead letter's warning, and at debug level, a line per insert.
 */
@Injectable()
export class BatchWriter {
  private readonly logger = new Logger(BatchWriter.name);

  constructor(
    private readonly store: EventStore,
    private readonly deadLetters: DeadLetters,
    private readonly metrics: WriterMetrics,
    private readonly erasures: ErasureSweep,
  ) {}

  async write(batch: InboundBatch): Promise<void> {
    const decoded = decodeBatch(batch);
    const { events, alreadyStored } = await this.alignWithStoredCopies(decoded.events);
    const first = batch.messages[0].offset;
    const last = batch.messages[batch.messages.length - 1].offset;
    const { inserted, refused } = await this.insertAllButRefused(events, `${batch.topic}/${batch.partition}/${first}-${last}`);
    if (inserted.length > 0 && Logger.isLevelEnabled('debug')) this.logInserted(batch, first, last, inserted);
    await this.erasures.afterInsert(inserted.map(rowOf));
    const letters: DeadLetter[] = [...decoded.invalid.map((invalid) => ({ ...invalid, stage: 'validation' as const })), ...refused];
    await this.deadLetters.send(batch.topic, letters);
    this.metrics.batchWritten(batch.messages.length, inserted);
    this.metrics.duplicatesSuppressed.inc(decoded.duplicates + alreadyStored);
    for (const letter of letters) {
      this.metrics.deadLettered.inc({ stage: letter.stage });
      const { partition, offset, headers } = letter.message;
      this.logger.warn({
        msg: `dead-lettered ${formatLogPosition({ topic: batch.topic, partition, offset })}: ${letter.reason}`,
        topic: batch.topic,
        partition,
        offset,
        request_id: requestIdOfHeaders(headers),
        stage: letter.stage,
      });
    }
  }

  /** Which requests an insert holds: asked only when debug is on, as the list costs a pass over the batch. */
  private logInserted(batch: InboundBatch, first: string, last: string, inserted: DecodedEvent[]): void {
    const requestIds = new Set<string>();
    for (const { message } of inserted) {
      const id = requestIdOfHeaders(message.headers);
      if (id !== undefined) requestIds.add(id);
    }
    this.logger.debug({
      msg: `inserted ${inserted.length} event(s) of ${batch.topic}/${batch.partition}/${first}-${last}`,
      topic: batch.topic,
      partition: batch.partition,
      first_offset: first,
      last_offset: last,
      request_ids: [...requestIds],
    });
  }

  /**
   * Inserts the events, or when the store refuses some of their rows, every other one; returns
   * those inserted, and the refused as dead letters. The refused are found by probing
   * (findRefusedRows), which stores nothing, so the one insert that follows is what the batch's
   * token stands for: its range of offsets, less the rows refused on their own. A redelivery of
   * the range, after a crash at any step, computes the same rows and the same token, and the
   * store drops it if the insert had happened. The failed insert of the whole stored nothing:
   * inserts are all or none.
   */
  private async insertAllButRefused(events: DecodedEvent[], dedupToken: string): Promise<{ inserted: DecodedEvent[]; refused: DeadLetter[] }> {
    if (events.length === 0) return { inserted: [], refused: [] };
    const stopTimer = this.metrics.insertSeconds.startTimer();
    try {
      await this.store.insert(events.map(rowOf), dedupToken);
      stopTimer();
      return { inserted: events, refused: [] };
    } catch (error) {
      if (!(error instanceof RowsRefusedError)) throw error;
    }
    const refused = await this.refusedAmong(events);
    if (refused.length === 0) throw new Error('ClickHouse refuses the batch but takes each of its rows alone; retrying');
    const refusedItems = new Set(refused.map(({ item }) => item));
    const kept = events.filter((event) => !refusedItems.has(event));
    if (kept.length > 0) await this.store.insert(kept.map(rowOf), dedupToken);
    return {
      inserted: kept,
      refused: refused.map(({ item, error }) => ({
        message: item.message,
        reason: `ClickHouse refused the row: ${error.message}`,
        stage: 'clickhouse',
        clickhouseError: error.storeError,
      })),
    };
  }

  private async refusedAmong(events: DecodedEvent[]): Promise<RefusedRow<DecodedEvent>[]> {
    const probe = await this.store.openProbe();
    try {
      return await findRefusedRows(events, rowOf, probe);
    } finally {
      await probe.close();
    }
  }

  /**
   * A client's event_id may come back later with another time (its receive time) or channel,
   * and an event dated by a corrected clock (with a send time) with another correction, hence
   * another sort key, which the store's collapsing would not see. Such a copy takes the
   * sort key of the stored one, so that the two collapse. Rows are rewritten, never dropped:
   * a retried batch must be the same rows for its dedup token to stand for it. Every copy of an
   * id lands on the same partition, so no other writer races this one for it.
   */
  private async alignWithStoredCopies(events: DecodedEvent[]): Promise<{ events: DecodedEvent[]; alreadyStored: number }> {
    const keyed = events.filter(({ row }) => row.event_id !== null || row.sent_at !== null).map(({ row }) => row.id);
    const stored = await this.store.storedSortKeys(keyed);
    if (stored.size === 0) return { events, alreadyStored: 0 };
    return { events: events.map((event) => ({ ...event, row: { ...event.row, ...stored.get(event.row.id) } })), alreadyStored: stored.size };
  }
}

function rowOf(event: DecodedEvent): EventRow {
  return event.row;
}
