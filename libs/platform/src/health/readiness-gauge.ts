import { Inject, Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { readinessOf } from './readiness';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

/**
 * tributary_ready: 1 when every readiness check passes, 0 when one fails. The checks run at each
 * scrape, as GET /ready runs them, so the value is never older than the scrape (alerts on a writer
 * that is up but cannot write).
 */
@Injectable()
export class ReadinessGauge {
  constructor(registry: Registry, @Inject(READINESS_CHECKS) checks: ReadinessCheck[]) {
    new Gauge({
      name: 'tributary_ready',
      help: 'Whether the process can do its work now: 1 when every readiness check of GET /ready passes, 0 when one fails',
      registers: [registry],
      async collect() {
        this.set((await readinessOf(checks)).ready ? 1 : 0);
      },
    });
  }
}
