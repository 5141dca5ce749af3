import { ConsoleLogger, Logger } from '@nestjs/common';
import { createJsonLogs } from './json-logs';
import { JsonLogger } from './json-logger';
import { withLogFields } from './log-fields';

function capture(level: Parameters<typeof createJsonLogs>[0]['level'] = 'log') {
  const lines: string[] = [];
  const logger = new JsonLogger(createJsonLogs({ app: 'test-app', level, destination: { write: (line: string) => void lines.push(line) } }));
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('JsonLogger', () => {
  afterEach(() => Logger.overrideLogger(new ConsoleLogger()));

  it('writes one JSON object a line: level, ISO time, app, pid, context, msg', () => {
    const { logger, lines, parsed } = capture();
    logger.log('hello', 'Ctx');
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(lines[0].trim()).not.toContain('\n');
    const [line] = parsed();
    expect(line).toEqual({ level: 'info', time: expect.any(String), app: 'test-app', pid: process.pid, context: 'Ctx', msg: 'hello' });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it("serves every Nest call site unchanged: new Logger(Context) and the static Logger's", () => {
    const { logger, parsed } = capture('verbose');
    Logger.overrideLogger(logger);
    new Logger('Instance').warn('careful');
    new Logger('Instance').error('failed');
    new Logger('Instance').error('failed with stack', 'Error: x\n    at f (file.js:1:1)');
    Logger.log('static', 'writer');
    new Logger('Instance').debug('detail');
    new Logger('Instance').verbose('more detail');
    new Logger('Instance').fatal('the end');
    expect(parsed().map(({ level, context, msg, stack }) => ({ level, context, msg, stack }))).toEqual([
      { level: 'warn', context: 'Instance', msg: 'careful' },
      { level: 'error', context: 'Instance', msg: 'failed' },
      { level: 'error', context: 'Instance', msg: 'failed with stack', stack: 'Error: x\n    at f (file.js:1:1)' },
      { level: 'info', context: 'writer', msg: 'static' },
      { level: 'debug', context: 'Instance', msg: 'detail' },
      { level: 'trace', context: 'Instance', msg: 'more detail' },
      { level: 'fatal', context: 'Instance', msg: 'the end' },
    ]);
  });

  it("takes an object's msg as the message and its other properties as fields", () => {
    const { logger, parsed } = capture();
    Logger.overrideLogger(logger);
    new Logger('BatchWriter').warn({ msg: 'dead-lettered', request_id: 'r-1', partition: 0, level: 'x', skipped: undefined });
    expect(parsed()[0]).toEqual({ level: 'warn', time: expect.any(String), app: 'test-app', pid: process.pid, context: 'BatchWriter', msg: 'dead-lettered', request_id: 'r-1', partition: 0 });
  });

  it('logs an Error as err, with its type and stack', () => {
    const { logger, parsed } = capture();
    logger.error(new TypeError('bad'), undefined, 'Ctx');
    const [line] = parsed();
    expect(line).toMatchObject({ level: 'error', context: 'Ctx', msg: 'bad', err: { type: 'TypeError', message: 'bad', stack: expect.stringContaining('TypeError: bad') } });
  });

  it('builds nothing for a level that is off, and follows the levels Nest gives it', () => {
    const { logger, lines } = capture('warn');
    const costly = { get msg(): string { throw new Error('built although off'); } };
    logger.log(costly, 'Ctx');
    logger.debug(costly, 'Ctx');
    expect(lines).toHaveLength(0);
    expect(logger.isLevelEnabled('warn')).toBe(true);
    expect(logger.isLevelEnabled('log')).toBe(false);
    logger.setLogLevels(['fatal', 'error', 'warn', 'log', 'debug']);
    expect(logger.isLevelEnabled('debug')).toBe(true);
    expect(logger.isLevelEnabled('verbose')).toBe(false);
    logger.setLogLevels([]);
    expect(logger.isLevelEnabled('fatal')).toBe(false);
  });

  it('adds the fields of the synchronous call it runs in (an exception filter, with the request id)', () => {
    const { logger, parsed } = capture();
    withLogFields({ request_id: 'abc' }, () => logger.error('boom', undefined, 'ApiExceptionFilter'));
    logger.error('after', undefined, 'ApiExceptionFilter');
    const [inside, after] = parsed();
    expect(inside).toMatchObject({ request_id: 'abc', msg: 'boom' });
    expect(after).not.toHaveProperty('request_id');
  });

  it('escapes what a message holds: a newline never starts a line of its own', () => {
    const { logger, lines, parsed } = capture();
    logger.warn('a\n{"level":"fatal"}', 'Ctx');
    expect(lines[0].trim().split('\n')).toHaveLength(1);
    expect(parsed()[0].msg).toBe('a\n{"level":"fatal"}');
  });
});
