import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './child-process';
import { freePorts } from './free-port';

export type AppName = 'clickhouse-embedded' | 'gateway' | 'writer' | 'query' | 'dlq';

/** Where the built apps are, and where their whole output goes (only kept in memory without a logDir). */
export interface AppHome {
  repoRoot: string;
  logDir?: string;
}

/** Where the bench's platform lives and how its apps are configured: its own ports, topic, group and database. */
export interface PlatformSettings extends AppHome {
  logDir: string;
  kafkaBrokers: string;
  clickhouseUrl: string;
  topic: string;
  database: string;
  /** Extra node flags for the gateway and the writer (e.g. --cpu-prof). */
  nodeFlags: string[];
}

/**
 * The node flags each app runs with where it is deployed (the Dockerfile, docker-compose.yml, the
 * Helm chart's gateway.maxOldSpaceMiB; test/deploy.spec.ts checks they agree), so that the bench
 * measures the apps as deployed: the gateway's heap capped (docs/PERFORMANCE.md, Session 10).
 */
export const DEPLOYED_NODE_FLAGS: Record<'gateway' | 'writer' | 'query', string[]> = {
  gateway: ['--max-old-space-size=160'],
  writer: [],
  query: [],
};

export interface AppLaunch {
  app: AppName;
  /** Names the process in messages and log files; the app's name by default. */
  name?: string;
  env: NodeJS.ProcessEnv;
  /** The variable that takes the app's free port. */
  portVariable: string;
  /** The variable that takes the free port of its management server, for an app that has one. */
  managementPortVariable?: string;
  /** Answers 2xx once the app is ready; on the management server when there is one (it listens last). */
  readyPath: string;
  nodeFlags?: string[];
}

export interface RunningApp {
  process: ManagedProcess;
  url: string;
  /** GET /metrics, /health and /ready: its management server, or the app itself when it has none. */
  managementUrl: string;
}

export function mainOf(repoRoot: string, app: AppName): string {
  return join(repoRoot, `dist/apps/${app}/apps/${app}/src/main.js`);
}

export function assertBuilt(repoRoot: string): void {
  const missing = (['clickhouse-embedded', 'gateway', 'writer', 'query'] as AppName[]).filter((app) => !existsSync(mainOf(repoRoot, app)));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} (run npm run build, or npm run bench which builds)`);
}

/** The port variables of an app with a management server. */
export function portVariablesOf(app: 'gateway' | 'writer' | 'query'): Pick<AppLaunch, 'portVariable' | 'managementPortVariable'> {
  const prefix = app.toUpperCase();
  return { portVariable: `${prefix}_PORT`, managementPortVariable: `${prefix}_MANAGEMENT_PORT` };
}

/** One app as `npm start` runs it (dist main.js, settings in the environment), on free ports; not started yet. */
export async function appOnFreePort(home: AppHome, launch: AppLaunch): Promise<RunningApp> {
  const [port, managementPort] = await freePorts(launch.managementPortVariable ? 2 : 1);
  const url = `http://127.0.0.1:${port}`;
  const managementUrl = launch.managementPortVariable ? `http://127.0.0.1:${managementPort}` : url;
  const process = new ManagedProcess({
    name: launch.name ?? launch.app,
    command: globalThis.process.execPath,
    args: [...(launch.nodeFlags ?? []), mainOf(home.repoRoot, launch.app)],
    env: { ...launch.env, [launch.portVariable]: String(port), ...(launch.managementPortVariable && { [launch.managementPortVariable]: String(managementPort) }) },
    readyUrl: `${managementUrl}${launch.readyPath}`,
    logDir: home.logDir,
  });
  return { process, url, managementUrl };
}

/** appOnFreePort(), started and ready. */
export async function launchApp(home: AppHome, launch: AppLaunch): Promise<RunningApp> {
  const app = await appOnFreePort(home, launch);
  await app.process.start();
  return app;
}

/** The embedded ClickHouse on a free port and `dataDir`; a restart of its process keeps both. */
export function launchEmbeddedClickHouse(home: AppHome, dataDir: string): Promise<RunningApp> {
  return launchApp(home, { app: 'clickhouse-embedded', env: { CLICKHOUSE_EMBEDDED_PATH: dataDir }, portVariable: 'CLICKHOUSE_EMBEDDED_PORT', readyPath: '/ping' });
}

/** One app of the bench's platform, on its topic and database. */
export function startApp(settings: PlatformSettings, app: 'gateway' | 'writer' | 'query', extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const prefix = app.toUpperCase();
  return launchApp(settings, {
    app,
    env: {
      KAFKA_BROKERS: settings.kafkaBrokers,
      KAFKA_TOPIC: settings.topic,
      KAFKA_TOPIC_PARTITIONS: '4',
      CLICKHOUSE_URL: settings.clickhouseUrl,
      CLICKHOUSE_DATABASE: settings.database,
      [`${prefix}_HOST`]: '127.0.0.1',
      [`${prefix}_MANAGEMENT_HOST`]: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    ...portVariablesOf(app),
    readyPath: '/health',
    nodeFlags: [...DEPLOYED_NODE_FLAGS[app], ...(app === 'query' ? [] : settings.nodeFlags)],
  });
}
