import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface RunningClickHouse {
  url: string;
  stop(): Promise<void>;
  /** For an exit hook: no waiting, no cleanup. */
  killNow(): void;
}

const REPO_ROOT = resolve(__dirname, '..', '..');
const MAIN = join(REPO_ROOT, 'dist/apps/clickhouse-embedded/apps/clickhouse-embedded/src/main.js');

/**
 * Runs the embedded ClickHouse (the real engine, through chdb) as its own process on a free
 * port and a fresh data directory, as `npm start` does; builds it first if needed.
 */
export async function startEmbeddedClickHouse(): Promise<RunningClickHouse> {
  if (!existsSync(MAIN)) {
    const build = spawnSync('npx', ['nest', 'build', 'clickhouse-embedded'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('could not build apps/clickhouse-embedded');
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-clickhouse-'));
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, CLICKHOUSE_EMBEDDED_PORT: String(port), CLICKHOUSE_EMBEDDED_PATH: dataDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await waitFor(`embedded ClickHouse to answer ${url}/ping`, async () => {
      if (child.exitCode !== null) throw new Error(`embedded ClickHouse exited with code ${child.exitCode}`);
      const response = await fetch(`${url}/ping`).catch(() => undefined);
      return response?.ok ? true : undefined;
    }, 60_000);
  } catch (error) {
    await stopChild(child, exited);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    stop: async () => {
      await stopChild(child, exited);
      await rm(dataDir, { recursive: true, force: true });
    },
    killNow: () => child.kill('SIGKILL'),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}
