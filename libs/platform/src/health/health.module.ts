import { Controller, Get, HttpStatus, Inject, Provider, ServiceUnavailableException, Type } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { apiErrorBody } from '../http/api-error';

/** One thing a process needs to do its work; `problem()` says why it cannot now, or nothing. */
export abstract class ReadinessCheck {
  abstract readonly name: string;
  abstract problem(): Promise<string | undefined>;
}

/** The app's readiness checks, as one list. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

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
    const results = await Promise.all(this.checks.map(async (check) => [check.name, (await check.problem()) ?? 'ok'] as const));
    const failing = results.filter(([, result]) => result !== 'ok');
    if (failing.length > 0) {
      const message = `not ready: ${failing.map(([name, problem]) => `${name}: ${problem}`).join('; ')}`;
      throw new ServiceUnavailableException({ ...apiErrorBody(HttpStatus.SERVICE_UNAVAILABLE, message), checks: Object.fromEntries(results) });
    }
    return { status: 'ready', checks: Object.fromEntries(results) };
  }
}

/** The controller and providers an app module adds for /health and /ready, with its own checks. */
export function healthEndpoints(checks: Type<ReadinessCheck>[]): { controllers: Type[]; providers: Provider[] } {
  return {
    controllers: [HealthController],
    providers: [...checks, { provide: READINESS_CHECKS, useFactory: (...instances: ReadinessCheck[]) => instances, inject: checks }],
  };
}
