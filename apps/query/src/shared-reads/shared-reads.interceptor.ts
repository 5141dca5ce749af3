import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { Counter, Registry } from 'prom-client';
import { from, lastValueFrom, Observable } from 'rxjs';
import { ReadScope } from '../read-scope/read-scope';

/**
 * Identical reads at once share one answer: a GET of the same URL in the same project, while an
 * earlier one is being answered, takes that answer instead of reading ClickHouse again, as
 * dashboards polling one panel send them. An answer is then as fresh as the read it shares
 * started, at most one read's time before the request: the writer's inserts land no more
 * promptly than that. Four clients polling the daily metrics at 10M events under the bench's
 * freshness load were answered twice as often, their read's p95 halved (docs/PERFORMANCE.md, Session 13).
 */
@Injectable()
export class SharedReadsInterceptor implements NestInterceptor {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly shared: Counter;

  constructor(registry: Registry) {
    this.shared = new Counter({
      name: 'tributary_query_shared_reads_total',
      help: 'Reads answered by an identical read already in flight (same URL and project), without reading ClickHouse again',
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { readScope?: ReadScope }>();
    if (request.method !== 'GET') return next.handle();
    const key = JSON.stringify([request.readScope?.project, request.url]);
    const running = this.inFlight.get(key);
    if (running) {
      this.shared.inc();
      return from(running);
    }
    const answer = lastValueFrom(next.handle(), { defaultValue: undefined });
    this.inFlight.set(key, answer);
    const forget = (): void => void this.inFlight.delete(key);
    answer.then(forget, forget);
    return from(answer);
  }
}
