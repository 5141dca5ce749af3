import { INestApplication, Logger } from '@nestjs/common';
import { ConfigError } from '../config/load-config';

/** The entry point of every app: a bad setting or a failed boot ends the process with the reason. */
export async function runApp(name: string, start: () => Promise<INestApplication>): Promise<void> {
  const logger = new Logger(name);
  try {
    const app = await start();
    logger.log(`${name} listening on ${await app.getUrl()}`);
  } catch (error) {
    if (error instanceof ConfigError) logger.error(error.message);
    else logger.error(`${name} failed to start: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  }
}
