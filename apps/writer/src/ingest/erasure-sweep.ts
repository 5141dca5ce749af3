import { Injectable, Logger } from '@nestjs/common';
import { erasedAmong, userPairsOf } from '@tributary/contracts';
import { ErasureStore } from '@tributary/platform';
import { EventRow } from './event-row';

/**
 * Deletes, right after a batch is inserted, the rows of it that a recorded erasure takes: copies
 * of erased events arriving late (a resend, a redelivery, a message produced again), which the
 * erasure's own DELETE could not see. No erasure is missed, without a lock: the endpoint records
 * the erasure BEFORE its DELETE, and this looks the erasures up AFTER the insert has returned. If
 * the insert finished before the DELETE began, the DELETE took the rows; if not, the insert
 * finished after the record was written, so this lookup sees it (docs/guarantees.md, "Erasure").
 */
@Injectable()
export class ErasureSweep {
  private readonly logger = new Logger(ErasureSweep.name);

  constructor(private readonly erasures: ErasureStore) {}

  /** Returns how many of `rows` it deleted. Throws when ClickHouse fails: the batch is retried, its insert deduplicated. */
  async afterInsert(rows: readonly EventRow[]): Promise<number> {
    const pairs = userPairsOf(rows);
    if (pairs.length === 0) return 0;
    const erasures = await this.erasures.latestOf(pairs);
    if (erasures.length === 0) return 0;
    let deleted = 0;
    for (const [erasure, ids] of erasedAmong(rows, erasures)) {
      await this.erasures.eraseArrived(erasure, ids);
      deleted += ids.length;
    }
    if (deleted > 0) this.logger.log(`deleted ${deleted} event(s) of erased users, stored after their erasure`);
    return deleted;
  }
}
