import { Logger, LogLevel } from '@nestjs/common';
import { levelsUpTo, LOG_LEVELS } from '../config/log.config';
import { Env } from '../config/load-config';
import { createJsonLogs } from './json-logs';
import { JsonLogger } from './json-logger';

/**
 * Makes the JSON logger Nest's, for the whole process, at LOG_LEVEL's level: from then on
 * every `new Logger(Context)` and `Logger.log(…)` writes JSON lines to stdout. The first thing
 * an app's process does (runApp), so that even a failed boot logs JSON. An invalid LOG_LEVEL
 * logs at `log` here; LogConfig refuses it when the app loads its configuration, and that
 * error is logged as JSON too.
 */
export function useJsonLogs(app: string, env: Env): JsonLogger {
  const given = env.LOG_LEVEL as LogLevel | undefined;
  const level = given && LOG_LEVELS.includes(given) ? given : 'log';
  const logger = new JsonLogger(createJsonLogs({ app, level }));
  Logger.overrideLogger(logger);
  // Also the levels, for Logger.isLevelEnabled(): a call site building a costly line asks first.
  Logger.overrideLogger(levelsUpTo(level));
  return logger;
}
