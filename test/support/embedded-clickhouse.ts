import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchEmbeddedClickHouse, RunningApp } from '../../bench/support/platform';
import { testAppHome } from './app-home';

export interface RunningClickHouse {
  url: string;
  stop(): Promise<void>;
  /** Makes it unavailable (the process ends, the data stays)... */
  pause(signal?: NodeJS.Signals): Promise<void>;
  /** ...and available again, on the same port and data. */
  resume(): Promise<void>;
  /** For an exit hook: no waiting, no cleanup. */
  killNow(): void;
}

/**
 * Runs the embedded ClickHouse (the real engine, through chdb) as its own process on a free
 * port and a fresh data directory, as `npm start` does. stop() removes the directory.
 */
export async function startEmbeddedClickHouse(): Promise<RunningClickHouse> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-clickhouse-'));
  let clickhouse: RunningApp;
  try {
    clickhouse = await launchEmbeddedClickHouse(testAppHome('clickhouse-embedded'), dataDir);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const server = clickhouse.process;
  return {
    url: clickhouse.url,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    pause: (signal = 'SIGKILL') => server.stop(signal),
    resume: async () => {
      await server.start();
    },
    killNow: () => server.killNow(),
  };
}
