import { LogLevel } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger as Pino } from 'pino';

/** Nest's levels as pino's: `log` is pino's info, `verbose` its trace (the labels the lines carry). */
export const PINO_LEVEL_OF: Readonly<Record<LogLevel, Level>> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface JsonLogsOptions {
  /** The app, on every line: one id follows an event across apps whose lines are gathered together. */
  app?: string;
  /** The most detailed Nest level logged (LOG_LEVEL). */
  level: LogLevel;
  /** stdout, written synchronously, by default: a line logged just before process.exit() is not lost. */
  destination?: DestinationStream;
}

/**
 * The platform's log format: one JSON object a line,
 * `{"level":"warn","time":"2026-12-01T02:00:00.000Z","app":"writer","pid":7,"context":"BatchWriter",…fields,"msg":"…"}`.
 * Levels are pino's labels (fatal, error, warn, info, debug, trace), time ISO 8601 in UTC.
 */
export function createJsonLogs({ app, level, destination }: JsonLogsOptions): Pino {
  return pino(
    {
      level: PINO_LEVEL_OF[level],
      base: app === undefined ? { pid: process.pid } : { app, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
