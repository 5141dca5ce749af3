import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { ManagedProcess } from './child-process';
import { waitForHttp } from './wait-for';

export type AppName = 'clickhouse-embedded' | 'gateway' | 'writer' | 'query';

const BOOT_TIMEOUT_MS = 90_000;

/** Where the bench's platform lives and how its apps are configured: its own ports, topic, group and database. */
export interface PlatformSettings {
  repoRoot: string;
  logDir: string;
  kafkaBrokers: string;
  clickhouseUrl: string;
  topic: string;
  database: string;
  /** Extra node flags for the gateway and the writer (e.g. --cpu-prof). */
  nodeFlags: string[];
}

export interface RunningApp {
  process: ManagedProcess;
  url: string;
}

export function mainOf(repoRoot: string, app: AppName): string {
  return join(repoRoot, `dist/apps/${app}/apps/${app}/src/main.js`);
}

export function assertBuilt(repoRoot: string): void {
  const missing = (['clickhouse-embedded', 'gateway', 'writer', 'query'] as AppName[]).filter((app) => !existsSync(mainOf(repoRoot, app)));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} (run npm run build, or npm run bench which builds)`);
}

/** The embedded ClickHouse on a free port and a fresh data directory. */
export async function startClickHouse(repoRoot: string, logDir: string, dataDir: string): Promise<RunningApp> {
  const port = await freePort();
  const process = ManagedProcess.start('clickhouse', logDir, globalThis.process.execPath, [mainOf(repoRoot, 'clickhouse-embedded')], {
    CLICKHOUSE_EMBEDDED_PORT: String(port),
    CLICKHOUSE_EMBEDDED_PATH: dataDir,
  });
  const url = `http://127.0.0.1:${port}`;
  await booted(process, 'embedded ClickHouse', `${url}/ping`);
  return { process, url };
}

/** One app as `npm start` runs it (dist main.js, settings in the environment), on a free port. */
export async function startApp(settings: PlatformSettings, app: 'gateway' | 'writer' | 'query', extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const port = await freePort();
  const prefix = app.toUpperCase();
  const flags = app === 'query' ? [] : settings.nodeFlags;
  const process = ManagedProcess.start(app, settings.logDir, globalThis.process.execPath, [...flags, mainOf(settings.repoRoot, app)], {
    KAFKA_BROKERS: settings.kafkaBrokers,
    KAFKA_TOPIC: settings.topic,
    KAFKA_TOPIC_PARTITIONS: '4',
    CLICKHOUSE_URL: settings.clickhouseUrl,
    CLICKHOUSE_DATABASE: settings.database,
    [`${prefix}_HOST`]: '127.0.0.1',
    [`${prefix}_PORT`]: String(port),
    LOG_LEVEL: 'warn',
    ...extraEnv,
  });
  const url = `http://127.0.0.1:${port}`;
  await booted(process, app, `${url}/metrics`);
  return { process, url };
}

async function booted(process: ManagedProcess, what: string, url: string): Promise<void> {
  const exitedEarly = process.exited.then((code) => {
    throw new Error(`${what} exited with code ${code} while booting; last lines of ${process.logFile}:\n${process.logTail()}`);
  });
  exitedEarly.catch(() => undefined);
  await Promise.race([waitForHttp(what, url, BOOT_TIMEOUT_MS), exitedEarly]);
}
