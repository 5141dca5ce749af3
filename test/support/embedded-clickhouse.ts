import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess } from './app-process';
import { freePort } from './free-port';

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
 * port and a fresh data directory, as `npm start` does.
 */
export async function startEmbeddedClickHouse(): Promise<RunningClickHouse> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-clickhouse-'));
  const url = `http://127.0.0.1:${port}`;
  const server = new AppProcess('embedded ClickHouse', 'clickhouse-embedded', { CLICKHOUSE_EMBEDDED_PORT: String(port), CLICKHOUSE_EMBEDDED_PATH: dataDir }, url, '/ping');
  try {
    await server.start();
  } catch (error) {
    await server.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
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
