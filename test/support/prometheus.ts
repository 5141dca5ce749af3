import { execFile, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** Where scripts/prometheus.sh unpacked Debian's prometheus package (fetching it if needed). */
export async function prometheusTools(): Promise<{ promtool: string; prometheus: string }> {
  const { stdout } = await promisify(execFile)('bash', [join(REPO_ROOT, 'scripts/prometheus.sh'), 'path']);
  const [promtool, prometheus] = stdout.trim().split('\n');
  return { promtool, prometheus };
}

/** Exit statuses of `promtool check metrics`: 0 nothing to say, 3 lint findings; anything else is a failure to lint. */
const LINTED = new Set([0, 3]);

/** What `promtool check metrics` finds wrong in a scrape, one finding a line ("<metric> <problem>"). */
export async function lintMetrics(exposition: string): Promise<string[]> {
  const { promtool } = await prometheusTools();
  return new Promise((resolveFindings, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('close', (status) => {
      const text = Buffer.concat(output).toString();
      if (status === null || !LINTED.has(status)) return reject(new Error(`promtool check metrics exited ${status}: ${text}`));
      resolveFindings(text.split('\n').filter((line) => line.trim() !== ''));
    });
    child.stdin.end(exposition);
  });
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a scrape in Prometheus' text format (comments skipped). */
export function samplesOf(exposition: string): Sample[] {
  return exposition
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, name, labelText = '', value] = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line) ?? [];
      const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, label, labelValue]) => [label, labelValue]));
      return { name, labels, value: Number(value) };
    });
}

/** The sum of the samples of that name whose labels include these; undefined when there is none. */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value));
  return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0);
}

/** Runs promtool with these arguments from the repo's root; its exit status and its output, stdout and stderr together. */
export async function runPromtool(...args: string[]): Promise<{ status: number; output: string }> {
  const { promtool } = await prometheusTools();
  return new Promise((resolveRun, reject) => {
    execFile(promtool, args, { cwd: REPO_ROOT }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolveRun({ status: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
    });
  });
}
