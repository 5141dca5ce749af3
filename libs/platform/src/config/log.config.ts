import { LogLevel } from '@nestjs/common';
import { IsIn } from 'class-validator';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export class LogConfig {
  /** The most detailed level logged: fatal, error, warn, log, debug or verbose. */
  @IsIn(LEVELS, { message: `LOG_LEVEL must be one of ${LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'log';

  get levels(): LogLevel[] {
    return LEVELS.slice(0, LEVELS.indexOf(this.LOG_LEVEL) + 1);
  }
}
