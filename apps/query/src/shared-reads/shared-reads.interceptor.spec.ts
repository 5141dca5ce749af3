import { CallHandler, ExecutionContext } from '@nestjs/common';
import { Registry } from 'prom-client';
import { lastValueFrom, Observable } from 'rxjs';
import { SharedReadsInterceptor } from './shared-reads.interceptor';

/** A request as the interceptor sees it, after the read-key guard. */
const contextOf = (method: string, url: string, project = 'shop') =>
  ({ switchToHttp: () => ({ getRequest: () => ({ method, url, readScope: { project } }) }) }) as unknown as ExecutionContext;

/** A handler that counts its reads and answers each once `finish` is called, or fails then. */
function handler(): { next: CallHandler; reads: () => number; finish: (answer?: unknown) => void; fail: (error: Error) => void } {
  let reads = 0;
  const pending: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  const next = {
    handle: () =>
      new Observable((subscriber) => {
        reads++;
        new Promise((resolve, reject) => pending.push({ resolve, reject })).then(
          (value) => (subscriber.next(value), subscriber.complete()),
          (error: Error) => subscriber.error(error),
        );
      }),
  };
  return {
    next,
    reads: () => reads,
    finish: (answer = { total_count: reads }) => pending.splice(0).forEach(({ resolve }) => resolve(answer)),
    fail: (error) => pending.splice(0).forEach(({ reject }) => reject(error)),
  };
}

const answerOf = (interceptor: SharedReadsInterceptor, context: ExecutionContext, next: CallHandler) => lastValueFrom(interceptor.intercept(context, next));

describe('reads shared while in flight', () => {
  it('answers identical GETs of one project at once with one read, and counts the shared ones', async () => {
    const registry = new Registry();
    const interceptor = new SharedReadsInterceptor(registry);
    const read = handler();
    const answers = [1, 2, 3].map(() => answerOf(interceptor, contextOf('GET', '/events/metrics?event_name=a'), read.next));
    await new Promise(setImmediate);
    read.finish({ total_count: 7 });
    expect(await Promise.all(answers)).toEqual([{ total_count: 7 }, { total_count: 7 }, { total_count: 7 }]);
    expect(read.reads()).toBe(1);
    expect(await registry.getSingleMetricAsString('tributary_query_shared_reads_total')).toMatch(/^tributary_query_shared_reads_total 2$/m);
  });

  it('reads again once the answer is given: a later request never takes an earlier answer', async () => {
    const interceptor = new SharedReadsInterceptor(new Registry());
    const read = handler();
    for (const expected of [1, 2]) {
      const answer = answerOf(interceptor, contextOf('GET', '/api/read'), read.next);
      await new Promise(setImmediate);
      read.finish();
      await expect(answer).resolves.toEqual({ total_count: expected });
    }
  });

  it('shares no read between URLs, projects or methods other than GET', async () => {
    const interceptor = new SharedReadsInterceptor(new Registry());
    const read = handler();
    const contexts = [contextOf('GET', '/stats?site_id=a'), contextOf('GET', '/stats?site_id=b'), contextOf('GET', '/stats?site_id=a', 'other'), contextOf('POST', '/erasures'), contextOf('POST', '/erasures')];
    const answers = contexts.map((context) => answerOf(interceptor, context, read.next));
    await new Promise(setImmediate);
    read.finish();
    await Promise.all(answers);
    expect(read.reads()).toBe(contexts.length);
  });

  it('gives every sharer the failure of the read, then reads again', async () => {
    const interceptor = new SharedReadsInterceptor(new Registry());
    const read = handler();
    const failed = [1, 2].map(() => answerOf(interceptor, contextOf('GET', '/events/list'), read.next));
    await new Promise(setImmediate);
    read.fail(new Error('ClickHouse is unreachable'));
    for (const answer of failed) await expect(answer).rejects.toThrow('ClickHouse is unreachable');
    const retried = answerOf(interceptor, contextOf('GET', '/events/list'), read.next);
    await new Promise(setImmediate);
    read.finish();
    await expect(retried).resolves.toBeDefined();
    expect(read.reads()).toBe(2);
  });
});
