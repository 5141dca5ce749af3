import { Injectable } from '@nestjs/common';
import { ErasureRecord, ErasureStore } from '@tributary/platform';
import { randomUUID } from 'node:crypto';
import { ReadScope } from '../read-scope/read-scope';
import { ErasureDto } from './erasure.dto';

@Injectable()
export class ErasureService {
  constructor(private readonly store: ErasureStore) {}

  /**
   * Records the erasure, then deletes the user's stored events: in that order, so that the writer,
   * which looks the erasures up after each insert, catches every row this DELETE cannot see
   * (docs/guarantees.md, "Erasure"). A failure after the record answers 500: send the request again.
   */
  async erase(scope: ReadScope, userId: string, requestId: string): Promise<ErasureDto> {
    const erasure: ErasureRecord = { erasure_id: randomUUID(), project: scope.project, user_id: userId, requested_at: new Date().toISOString(), request_id: requestId };
    await this.store.record(erasure);
    const deleted = await this.store.countStored(scope.project, userId);
    await this.store.eraseStored(erasure);
    return { ...erasure, deleted };
  }

  async list(scope: ReadScope): Promise<{ erasures: ErasureRecord[] }> {
    return { erasures: await this.store.list(scope.project) };
  }
}
