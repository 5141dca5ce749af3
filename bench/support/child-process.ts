import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every process the bench started and has not stopped yet, so that an abort can kill them all. */
const running = new Set<{ signal(signal: NodeJS.Signals): void }>();

/** Counts a child the bench spawned itself among those an abort kills. */
export function track(child: ChildProcess): void {
  const entry = { signal: (signal: NodeJS.Signals) => child.kill(signal) };
  running.add(entry);
  child.once('exit', () => running.delete(entry));
}

/** A process started by the bench, its output in `<logDir>/<name>.log`. */
export class ManagedProcess {
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  private constructor(readonly name: string, readonly logFile: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
    const log = openSync(logFile, 'a');
    this.child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', log, log] });
    closeSync(log);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  static start(name: string, logDir: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): ManagedProcess {
    return new ManagedProcess(name, join(logDir, `${name}.log`), command, args, env);
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} did not start (see ${this.logFile})`);
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.hasExited) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

/** For an abort: no waiting. */
export function killAllNow(): void {
  for (const entry of running) entry.signal('SIGKILL');
}

/** Peak resident set size of a live process (the kernel's high-water mark, VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}
