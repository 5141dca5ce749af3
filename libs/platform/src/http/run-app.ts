import { INestApplication, Logger } from '@nestjs/common';
import { ConfigError, Env } from '../config/load-config';
import { useJsonLogs } from '../logging/use-json-logs';
import { ManagementServer } from '../management/management-server';

/** Longest a graceful stop may take before the process gives up and exits 1. */
const STOP_DEADLINE_MS = 60_000;

/**
 * The entry point of every app: a bad setting or a failed boot ends the process with the
 * reason. SIGTERM or SIGINT closes the app (the server stops taking requests, in-flight work
 * drains, every shutdown hook runs, the management server's last) and exits 0; a stop that
 * fails or hangs exits 1. Every line it and the app log is JSON on stdout, at LOG_LEVEL
 * (logging/use-json-logs.ts).
 */
export async function runApp(name: string, start: () => Promise<INestApplication>, env: Env = process.env): Promise<void> {
  useJsonLogs(name, env);
  const logger = new Logger(name);
  let app: INestApplication;
  try {
    app = await start();
    logger.log(`${name} listening on ${await app.getUrl()}, metrics and probes on ${await app.get(ManagementServer).getUrl()}`);
  } catch (error) {
    if (error instanceof ConfigError) logger.error(error.message);
    else logger.error(`${name} failed to start: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  }
  const stop = async (signal: NodeJS.Signals) => {
    logger.log(`${signal}: stopping`);
    const deadline = setTimeout(() => {
      logger.error(`${name} did not stop within ${STOP_DEADLINE_MS} ms`);
      process.exit(1);
    }, STOP_DEADLINE_MS);
    try {
      await app.close();
      logger.log(`${name} stopped cleanly`);
      process.exit(0);
    } catch (error) {
      logger.error(`${name} failed to stop cleanly: ${(error as Error).stack ?? String(error)}`);
      process.exit(1);
    } finally {
      clearTimeout(deadline);
    }
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}
