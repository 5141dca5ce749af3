import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import { MessageSubscriber, SubscriptionOptions } from './message-bus';

/** The pattern every consumed batch is delivered to: `@EventPattern(MESSAGE_BATCH)`. */
export const MESSAGE_BATCH = 'message-batch';

/**
 * Our batch consumer as a Nest microservice transport. Nest finds and wraps the handler of
 * MESSAGE_BATCH (DI, pipes, filters); the subscriber keeps the loop, the retries and the
 * commits: a batch's offsets are committed only after the handler's result has completed.
 */
export class MessageBatchTransport extends Server implements CustomTransportStrategy {
  constructor(
    private readonly subscriber: MessageSubscriber,
    private readonly options: SubscriptionOptions,
  ) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    const handler = this.getHandlerByPattern(MESSAGE_BATCH);
    if (!handler) return callback(new Error(`no handler for @EventPattern('${MESSAGE_BATCH}')`));
    this.subscriber
      .start(this.options, async (batch) => {
        await lastValueFrom(this.transformToObservable(await handler(batch)), { defaultValue: undefined });
      })
      .then(() => callback(), callback);
  }

  /** Finishes and commits the batch in hand, then leaves the group. */
  async close(): Promise<void> {
    await this.subscriber.stop();
  }

  on(): never {
    throw new Error('MessageBatchTransport emits no events');
  }

  unwrap<T>(): T {
    return this.subscriber as T;
  }
}

/**
 * Hands a batch handler's error to the transport as it was thrown. Nest's default RPC filter
 * would log it and replace it with "Internal server error"; the subscriber logs it once, with
 * the partition and offset, and retries.
 */
@Catch()
export class PassBatchErrorsThrough implements RpcExceptionFilter {
  catch(error: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => error);
  }
}
