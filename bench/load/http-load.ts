import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { track } from '../support/child-process';
import { LoadResult, LoadSpec } from './load-spec';

const DRIVER = join(__dirname, 'drive-http.js');
/** Beyond the run's own duration: start-up, connection set-up, the last answers. */
const SLACK_MS = 30_000;

/** A load run in its own process (the load generator must not share the bench's event loop). */
export class HttpLoad {
  readonly result: Promise<LoadResult>;
  private readonly child;

  constructor(spec: LoadSpec) {
    this.child = spawn(process.execPath, [DRIVER, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const child = this.child;
    track(child);
    const output: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    const what = `${spec.body} load at ${spec.connections} connections on ${spec.baseUrl}`;
    this.result = new Promise((resolve, reject) => {
      const deadline = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`gave up waiting for the ${what} to finish (${spec.durationSeconds} s + ${SLACK_MS / 1000} s)`));
      }, spec.durationSeconds * 1000 + SLACK_MS);
      child.once('close', (code) => {
        clearTimeout(deadline);
        const text = Buffer.concat(output).toString().trim();
        if (code !== 0 || text === '') reject(new Error(`the ${what} exited with ${code}: ${Buffer.concat(errors).toString()}`));
        else resolve(JSON.parse(text) as LoadResult);
      });
    });
  }

  /** Ends the run now; `result` still resolves with what was measured. */
  stop(): void {
    this.child.kill('SIGTERM');
  }
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new HttpLoad(spec).result;
}
