import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = resolve(__dirname, '..', '..');

export interface FuzzRun {
  exitCode: number | null;
  output: string;
  /** How many generated requests schemathesis sent, from its summary. */
  cases: number;
}

export interface FuzzOptions {
  maxExamples: number;
  seed: number;
  timeoutMs: number;
  /** Checks that do not hold on some paths by design, each with the paths. */
  exceptions?: Array<{ check: string; paths: string[] }>;
}

/** Runs schemathesis (installed by scripts/schemathesis.sh) against an app's served OpenAPI document. */
export async function fuzzOpenApi(baseUrl: string, options: FuzzOptions): Promise<FuzzRun> {
  const { stdout } = await promisify(execFile)('bash', [join(REPO_ROOT, 'scripts/schemathesis.sh'), 'path']);
  const dir = await mkdtemp(join(tmpdir(), 'tributary-fuzz-'));
  try {
    const config = join(dir, 'schemathesis.toml');
    await writeFile(config, configOf(options));
    return await run(stdout.trim(), ['--config-file', config, ...runArgs(baseUrl, options)], options.timeoutMs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Every check (schemathesis's default), on every operation, but the exceptions: a `--checks` on
 * the command line would override them. A request refused for its size (413) or
 * its content type (415) is refused as surely as one refused for its content (400).
 */
function configOf({ exceptions = [] }: FuzzOptions): string {
  const refusals = '[checks.negative_data_rejection]\nexpected-statuses = ["400", "405", "413", "415", "422"]\n';
  const operations = exceptions.flatMap(({ check, paths }) => paths.map((path) => `[[operations]]\ninclude-path = ${JSON.stringify(path)}\nchecks.${check}.enabled = false\n`));
  return [refusals, ...operations].join('\n');
}

function runArgs(baseUrl: string, options: FuzzOptions): string[] {
  return [
    'run', `${baseUrl}/swagger-json`, '--url', baseUrl,
    '--max-examples', String(options.maxExamples),
    '--seed', String(options.seed),
    // One thread: Hypothesis does not warrant thread safety, and with two, the first description of
    // a strategy's lambda once failed in one thread only, which schemathesis reports as a flaky
    // generation error (POST /batch, a fresh-clone CI run of f9eb34e).
    '--workers', '1',
    // The run's one embedded ClickHouse serves every suite's database, and merges and mutations of
    // all of them share its background pool: a read or an erasure of ours once waited over
    // schemathesis' default 10 s behind them in a full npm test (not reproduced alone).
    '--request-timeout', '30',
    '--generation-database', 'none',
    '--no-color',
    '--output-truncate', 'true',
  ];
}

function run(command: string, args: string[], timeoutMs: number): Promise<FuzzRun> {
  const env = { ...process.env, PYTHONPATH: join(REPO_ROOT, 'infra/schemathesis'), SCHEMATHESIS_HOOKS: 'tributary_hooks' };
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString();
      resolveRun({ exitCode, output, cases: casesIn(output) });
    });
  });
}

function casesIn(output: string): number {
  const match = /Test cases:\s*(\d+) generated/.exec(output);
  return match ? Number(match[1]) : 0;
}
