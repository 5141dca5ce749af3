import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { prometheusTools } from './prometheus';
import { waitFor } from './wait-for';

const STOP_DEADLINE_MS = 10_000;
/** What of Prometheus' log a failure quotes: its end, where the reason is. */
const LOG_TAIL_CHARS = 4_000;

export interface PrometheusSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusServer {
  url: string;
  /** GET /api/v1/<path>: its `data`, or an error quoting Prometheus' answer. */
  api<T>(path: string, params?: Record<string, string>): Promise<T>;
  /** An instant query's vector. */
  query(expr: string): Promise<PrometheusSample[]>;
  stop(): Promise<void>;
}

/**
 * The prometheus server of scripts/prometheus.sh, on a free loopback port with its data in a
 * temporary directory, scraping each target every second under its job name and evaluating these
 * rule files every second. It needs nothing under /etc.
 */
export async function startPrometheus(targets: Record<string, string>, ruleFiles: string[]): Promise<PrometheusServer> {
  const { prometheus } = await prometheusTools();
  const dir = mkdtempSync(join(tmpdir(), 'tributary-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, configOf(targets, ruleFiles));
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawn(prometheus, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${new URL(url).host}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-LOG_TAIL_CHARS)));
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));

  const stop = async () => {
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), STOP_DEADLINE_MS);
    await exited;
    clearTimeout(killed);
    rmSync(dir, { recursive: true, force: true });
  };

  const api = async <T>(path: string, params: Record<string, string> = {}): Promise<T> => {
    const response = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params)}`);
    const answer = (await response.json()) as { status: string; data: T; error?: string };
    if (answer.status !== 'success') throw new Error(`Prometheus answered ${response.status} to ${path} ${JSON.stringify(params)}: ${answer.error}`);
    return answer.data;
  };

  try {
    await waitFor(`Prometheus to answer /-/ready at ${url}`, async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${log}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, api, query: async (expr) => (await api<{ result: PrometheusSample[] }>('query', { query: expr })).result, stop };
}

function configOf(targets: Record<string, string>, ruleFiles: string[]): string {
  const jobs = Object.entries(targets).map(([job, target]) => `  - job_name: ${job}\n    static_configs:\n      - targets: ['${new URL(target).host}']`);
  return [
    'global:\n  scrape_interval: 1s\n  evaluation_interval: 1s',
    `rule_files:\n${ruleFiles.map((file) => `  - ${file}`).join('\n')}`,
    `scrape_configs:\n${jobs.join('\n')}`,
    '',
  ].join('\n');
}
