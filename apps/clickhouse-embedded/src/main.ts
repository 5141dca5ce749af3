import { resolve } from 'node:path';
import pino from 'pino';
import { DEFAULT_SESSIONS, EmbeddedClickHouseServer } from './embedded-clickhouse-server';

interface EmbeddedConfig {
  port: number;
  host: string;
  path: string;
  sessions: number;
}

/** Reads the environment; a bad value names its variable. An empty variable counts as unset. */
function readConfig(env: NodeJS.ProcessEnv, cwd: string): EmbeddedConfig {
  const port = env.CLICKHOUSE_EMBEDDED_PORT || '8123';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) {
    throw new Error(`CLICKHOUSE_EMBEDDED_PORT=${JSON.stringify(port)}: must be a TCP port number, 0-65535`);
  }
  const sessions = env.CLICKHOUSE_EMBEDDED_SESSIONS || String(DEFAULT_SESSIONS);
  if (!/^\d{1,2}$/.test(sessions) || Number(sessions) < 1 || Number(sessions) > 32) {
    throw new Error(`CLICKHOUSE_EMBEDDED_SESSIONS=${JSON.stringify(sessions)}: must be a whole number of sessions, 1-32`);
  }
  return {
    sessions: Number(sessions),
    port: Number(port),
    host: env.CLICKHOUSE_EMBEDDED_HOST || '127.0.0.1',
    path: resolve(cwd, env.CLICKHOUSE_EMBEDDED_PATH || '.data/clickhouse'),
  };
}

/** LOG_LEVEL's names (Nest's, as the other apps read it) as pino's. */
const PINO_LEVEL_OF: Record<string, pino.Level> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * The other apps' JSON lines (libs/platform/src/logging/json-logs.ts), made here with pino
 * itself: the platform's index would load Nest, kafkajs and the ClickHouse client into this
 * process (some 1.2 s and 50 MB) for four lines. An unknown LOG_LEVEL logs at `log`.
 */
const log = pino(
  {
    level: Object.hasOwn(PINO_LEVEL_OF, process.env.LOG_LEVEL ?? '') ? PINO_LEVEL_OF[process.env.LOG_LEVEL!] : 'info',
    // context as the other apps' entry point logs it (runApp): the app's name.
    base: { app: 'clickhouse-embedded', pid: process.pid, context: 'clickhouse-embedded' },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: { level: (label) => ({ level: label }) },
  },
  pino.destination({ dest: 1, sync: true }),
);

async function main(): Promise<void> {
  let config: EmbeddedConfig;
  try {
    config = readConfig(process.env, process.cwd());
  } catch (error) {
    log.error(`clickhouse-embedded: invalid configuration: ${(error as Error).message}`);
    process.exit(1);
  }

  const server = new EmbeddedClickHouseServer({ path: config.path, sessions: config.sessions });
  try {
    const port = await server.start(config.port, config.host);
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    log.info(`embedded ClickHouse (chdb ${server.engineVersion}) on http://${host}:${port}, data ${config.path}`);
  } catch (error) {
    log.error(`clickhouse-embedded failed to start: ${(error as Error).message}`);
    process.exit(1);
  }

  const shutdown = (signal: NodeJS.Signals): void => {
    log.info(`clickhouse-embedded: ${signal}, stopping`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error(`clickhouse-embedded: stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void main();
