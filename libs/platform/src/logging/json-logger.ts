import { LoggerService, LogLevel } from '@nestjs/common';
import { Level, Logger as Pino } from 'pino';
import { PINO_LEVEL_OF } from './json-logs';
import { currentLogFields } from './log-fields';

/** From the most detailed level to the least. */
const DETAIL: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
/** Keys a logged object may not set: pino writes them itself, and JSON keys must not repeat. */
const RESERVED = new Set(['level', 'time', 'pid', 'app', 'msg']);

/**
 * Nest's logger, backed by pino: every `new Logger(Context)` and static `Logger.log(…)` call
 * site logs a JSON line through it once it is Nest's logger (useJsonLogs).
 *
 * A call logs `{"context":Context,…,"msg":message}`. A message may be an object: its `msg` is
 * the message and its other properties become fields (`logger.warn({ msg: 'dead-lettered', request_id })`);
 * an Error becomes pino's `err` (type, message, stack). A level that is off costs one comparison:
 * nothing is built for it.
 */
export class JsonLogger implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]): void {
    if (this.pino.isLevelEnabled('info')) this.write('info', message, params, false);
  }

  warn(message: unknown, ...params: unknown[]): void {
    if (this.pino.isLevelEnabled('warn')) this.write('warn', message, params, false);
  }

  error(message: unknown, ...params: unknown[]): void {
    if (this.pino.isLevelEnabled('error')) this.write('error', message, params, true);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    if (this.pino.isLevelEnabled('fatal')) this.write('fatal', message, params, false);
  }

  debug(message: unknown, ...params: unknown[]): void {
    if (this.pino.isLevelEnabled('debug')) this.write('debug', message, params, false);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    if (this.pino.isLevelEnabled('trace')) this.write('trace', message, params, false);
  }

  /** Nest gives the levels LOG_LEVEL enables (LogConfig.levels); pino takes the most detailed. */
  setLogLevels(levels: LogLevel[]): void {
    const mostDetailed = DETAIL.find((level) => levels.includes(level));
    this.pino.level = mostDetailed ? PINO_LEVEL_OF[mostDetailed] : 'silent';
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.pino.isLevelEnabled(PINO_LEVEL_OF[level]);
  }

  private write(level: Level, message: unknown, params: unknown[], isError: boolean): void {
    const { context, extras, stack } = splitParams(params, isError);
    const line: Record<string, unknown> = {};
    if (context !== undefined) line.context = context;
    const fields = currentLogFields();
    if (fields) Object.assign(line, fields);
    let msg = textOf(message, line);
    for (const extra of extras) {
      const text = textOf(extra, line);
      if (text) msg = msg ? `${msg} ${text}` : text;
    }
    if (stack !== undefined) line.stack = stack;
    this.pino[level](line, msg);
  }
}

/**
 * Nest's calling convention, as its ConsoleLogger reads it: a last string parameter is the
 * context (a `new Logger(Context)` appends it); for error, of two arguments the second is the
 * stack, and of more, the one before the context is, when it is a string or undefined.
 */
function splitParams(params: unknown[], isError: boolean): { context?: string; extras: unknown[]; stack?: string } {
  if (isError && params.length === 1) return { extras: [], stack: typeof params[0] === 'string' ? params[0] : undefined };
  const last = params[params.length - 1];
  if (typeof last !== 'string') return { extras: params };
  const extras = params.slice(0, -1);
  if (!isError || extras.length === 0) return { context: last, extras };
  const stack = extras[extras.length - 1];
  if (stack !== undefined && typeof stack !== 'string') return { context: last, extras };
  return { context: last, extras: extras.slice(0, -1), stack };
}

/** The text a logged value contributes to msg; an object's other properties and an Error go to `line`. */
function textOf(value: unknown, line: Record<string, unknown>): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    line.err ??= value;
    return value.message;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const { msg, ...fields } = value as Record<string, unknown>;
    for (const key in fields) if (!RESERVED.has(key)) line[key] = fields[key];
    return typeof msg === 'string' ? msg : '';
  }
  return value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}
