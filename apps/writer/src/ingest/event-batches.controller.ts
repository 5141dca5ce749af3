import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InboundBatch, MESSAGE_BATCH, PassBatchErrorsThrough } from '@tributary/platform';
import { BatchWriter } from './batch-writer.service';

/** Each batch the writer's group consumes; its offsets are committed once this resolves. */
@Controller()
@UseFilters(PassBatchErrorsThrough)
export class EventBatchesController {
  constructor(private readonly writer: BatchWriter) {}

  @EventPattern(MESSAGE_BATCH)
  write(@Payload() batch: InboundBatch): Promise<void> {
    return this.writer.write(batch);
  }
}
