import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from './wait-for';

const BOOT_TIMEOUT_MS = 90_000;
const LINES_KEPT = 200;

/** Every child started and not exited yet, so that an abort can kill them all. */
const running = new Set<ChildProcess>();

/** Counts a child among those killAllNow() kills. */
export function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

/** For an abort: no waiting. */
export function killAllNow(): void {
  for (const child of running) child.kill('SIGKILL');
}

export interface ProcessSpec {
  /** Names the process in messages and its log files. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Answers 2xx once the process is ready; start() waits for it. */
  readyUrl?: string;
  /** Keeps the whole output of each run in `<logDir>/<name>-<pid>.log`. */
  logDir?: string;
}

/**
 * A child process that can be stopped with any signal (kill -9 included) and started again with
 * the same spec. It keeps the last lines of its output, across runs, for error messages.
 */
export class ManagedProcess {
  private child?: ChildProcess;
  /** The whole output of the current run, given a logDir. */
  private logFile?: string;
  private closed = Promise.resolve();
  private readonly lines: string[] = [];

  constructor(private readonly spec: ProcessSpec) {}

  get name(): string {
    return this.spec.name;
  }

  get pid(): number {
    if (this.child?.pid === undefined) throw new Error(`${this.name} has no pid: it was not started, or could not be`);
    return this.child.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** How the last run ended: its exit code, or the signal that killed it. */
  get ended(): number | string | undefined {
    if (!this.child || this.running) return undefined;
    return this.child.exitCode ?? this.child.signalCode ?? undefined;
  }

  /** Spawns the process and waits for its readyUrl; if it ends or times out first, fails with its last lines and leaves nothing running. */
  async start(timeoutMs = BOOT_TIMEOUT_MS): Promise<this> {
    // A missing log folder would make the first line of output throw, with the child still running.
    if (this.spec.logDir) mkdirSync(this.spec.logDir, { recursive: true });
    const child = spawn(this.spec.command, this.spec.args, { env: { ...process.env, ...this.spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.logFile = this.spec.logDir && join(this.spec.logDir, `${this.name.replace(/\W+/g, '-')}-${child.pid}.log`);
    track(child);
    let hasClosed = false;
    // 'close' rather than 'exit': by then the last lines, often the reason it ended, have been read.
    this.closed = new Promise((done) =>
      child.once('close', () => {
        hasClosed = true;
        done();
      }),
    );
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => this.keep(chunk));
    const { readyUrl } = this.spec;
    if (!readyUrl) return this;
    try {
      const answered = await waitFor(`${this.name} to answer ${readyUrl}`, async () => (hasClosed ? false : (await fetch(readyUrl)).ok || undefined), timeoutMs);
      if (!answered) throw new Error(`${this.name} ended (${this.ended}) while booting`);
    } catch (error) {
      await this.stop('SIGKILL');
      throw new Error(`${(error as Error).message}; last lines${this.logFile ? ` of ${this.logFile}` : ''}:\n${this.tail()}`);
    }
    return this;
  }

  /** Sends `signal` and waits for the end; SIGKILL if it is still there after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    const child = this.child!;
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.closed;
    clearTimeout(killer);
  }

  /** For an exit hook: no waiting. */
  killNow(): void {
    if (this.running) this.child!.kill('SIGKILL');
  }

  tail(lines = 30): string {
    return this.lines.slice(-lines).join('\n');
  }

  private keep(chunk: Buffer): void {
    if (this.logFile) appendFileSync(this.logFile, chunk);
    this.lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
    if (this.lines.length > LINES_KEPT) this.lines.splice(0, this.lines.length - LINES_KEPT);
  }
}

/** Peak resident set size of a live process (the kernel's high-water mark, VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}
