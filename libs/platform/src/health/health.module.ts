import { Controller, Get, HttpStatus, Inject, Provider, ServiceUnavailableException, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { apiErrorBody } from '../http/api-error';
import { readinessOf } from './readiness';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';
import { ReadinessGauge } from './readiness-gauge';

export { READINESS_CHECKS, ReadinessCheck } from './readiness-check';

/**
 * GET /health: the process is alive (for a liveness probe; it never depends on another system).
 * GET /ready: it can do its work now (for a readiness probe and for people): 503 naming each
 * failing dependency. Served on the API port and by the management server.
 */
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: string; checks: Record<string, string> }> {
    const { ready, checks } = await readinessOf(this.checks);
    if (!ready) {
      const failing = Object.entries(checks).filter(([, result]) => result !== 'ok');
      const message = `not ready: ${failing.map(([name, problem]) => `${name}: ${problem}`).join('; ')}`;
      throw new ServiceUnavailableException({ ...apiErrorBody(HttpStatus.SERVICE_UNAVAILABLE, message), checks });
    }
    return { status: 'ready', checks };
  }
}

/** The controller and providers an app module adds for /health, /ready and tributary_ready, with its own checks. */
export function healthEndpoints(checks: Type<ReadinessCheck>[]): { controllers: Type[]; providers: Provider[] } {
  return {
    controllers: [HealthController],
    providers: [...checks, { provide: READINESS_CHECKS, useFactory: (...instances: ReadinessCheck[]) => instances, inject: checks }, ReadinessGauge],
  };
}
