import { Counter, Registry } from 'prom-client';

/** Requests refused 429 by a rate limit, by the limit: `per_ip`, `per_write_key`. */
export class RateLimitMetrics {
  readonly refusals: Counter<'reason'>;

  constructor(registry: Registry, reasons: readonly string[]) {
    this.refusals = new Counter({
      name: 'tributary_requests_rate_limited_total',
      help: 'Requests answered 429 because a client went over a rate limit, by the limit (per_ip, per_write_key)',
      labelNames: ['reason'],
      registers: [registry],
    });
    // Each limit in force shows from the start, at 0.
    for (const reason of reasons) this.refusals.inc({ reason }, 0);
  }
}
