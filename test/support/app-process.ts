import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { waitFor } from './wait-for';

const REPO_ROOT = resolve(__dirname, '..', '..');

export type AppName = 'clickhouse-embedded' | 'gateway' | 'writer' | 'query';

function mainOf(app: AppName): string {
  return join(REPO_ROOT, `dist/apps/${app}/apps/${app}/src/main.js`);
}

/** The built entry point of an app, built first when missing (npm test builds everything up front). */
function ensureBuilt(app: AppName): string {
  const main = mainOf(app);
  if (!existsSync(main)) {
    const build = spawnSync('npx', ['nest', 'build', app], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`could not build apps/${app}`);
  }
  return main;
}

const LOG_LINES_KEPT = 200;

/**
 * One app run as its own process from its build, as in production: it can be killed with any
 * signal (kill -9 included) and started again with the same settings.
 */
export class AppProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  private readonly log: string[] = [];

  constructor(
    readonly label: string,
    private readonly app: AppName,
    private readonly env: Record<string, string | undefined>,
    readonly url: string,
    /** Answers 2xx once the process is ready. */
    private readonly readyPath: string,
  ) {}

  /** How the process ended: its exit code, or the signal that killed it. */
  get ended(): number | string | undefined {
    if (!this.child || this.running) return undefined;
    return this.child.exitCode ?? this.child.signalCode ?? undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 60_000): Promise<this> {
    const child = spawn(process.execPath, [ensureBuilt(this.app)], { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => this.keep(chunk));
    const readyUrl = `${this.url}${this.readyPath}`;
    await waitFor(`${this.label} to answer ${readyUrl}`, async () => {
      if (child.exitCode !== null) throw new Error(`${this.label} exited with code ${child.exitCode}:\n${this.tail()}`);
      const response = await fetch(readyUrl).catch(() => undefined);
      return response?.ok ? true : undefined;
    }, timeoutMs);
    return this;
  }

  /** Sends `signal` and waits for the exit; SIGKILL if it has not exited after `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    const killer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(killer);
  }

  /** For an exit hook: no waiting. */
  killNow(): void {
    if (this.running) this.child!.kill('SIGKILL');
  }

  tail(lines = 30): string {
    return this.log.slice(-lines).join('\n');
  }

  private keep(chunk: Buffer): void {
    // For debugging a run: TRIBUTARY_TEST_LOG_DIR keeps every process's whole output.
    const logDir = process.env.TRIBUTARY_TEST_LOG_DIR;
    if (logDir) appendFileSync(join(logDir, `${this.label.replace(/\W+/g, '-')}-${this.child?.pid}.log`), chunk);
    this.log.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
    if (this.log.length > LOG_LINES_KEPT) this.log.splice(0, this.log.length - LOG_LINES_KEPT);
  }
}
