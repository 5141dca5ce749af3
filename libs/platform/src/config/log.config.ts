import { LogLevel } from '@nestjs/common';
import { IsIn } from 'class-validator';

/** Nest's levels, from the least detailed to the most. */
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export class LogConfig {
  /**
   * The most detailed level logged: fatal, error, warn, log, debug or verbose. The JSON lines
   * carry pino's names for them: `log` is `info`, `verbose` is `trace` (README, Logs).
   */
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'log';

  get levels(): LogLevel[] {
    return levelsUpTo(this.LOG_LEVEL);
  }
}

/** Every level as detailed as `level` or less: what LOG_LEVEL=`level` enables. */
export function levelsUpTo(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
