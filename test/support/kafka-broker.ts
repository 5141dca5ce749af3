/**
 * Starts a private Apache Kafka broker for a test run (jest global setup), through scripts/kafka.sh:
 * its own free loopback ports and its own fresh data directory, so that two runs never collide.
 * `stop()` stops the broker and removes the directory.
 *
 * Node built-ins only. The first call may download the Kafka jars (scripts/kafka.sh fetch).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';

export interface RunningKafka {
  /** bootstrap servers for clients, e.g. "127.0.0.1:40123" */
  brokers: string;
  /** the broker's data directory (removed by stop()) */
  dataDir: string;
  stop(): Promise<void>;
  /** Stops the broker, keeping its data... */
  pause(): Promise<void>;
  /** ...and starts it again on the same ports and data. */
  resume(): Promise<void>;
  /** For an exit hook: no waiting, no cleanup. */
  killNow(): void;
}

const REPO_ROOT = resolve(__dirname, '..', '..');
const KAFKA_SCRIPT = join(REPO_ROOT, 'scripts', 'kafka.sh');

async function twoFreePorts(): Promise<[number, number]> {
  // Both listeners are closed before the broker binds them; retry in the unlikely case the OS
  // hands out the same port twice.
  for (let attempt = 0; attempt < 5; attempt++) {
    const a = await freePort();
    const b = await freePort();
    if (a !== b) return [a, b];
  }
  throw new Error('could not find two distinct free loopback ports');
}

interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs `scripts/kafka.sh <command>` with extra env; collects stdout and stderr interleaved. */
function runKafkaScript(command: 'start' | 'stop', env: NodeJS.ProcessEnv): Promise<ScriptResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('bash', [KAFKA_SCRIPT, command], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    // 'close' (not 'exit'): all output has been read. The broker itself writes to a file in the
    // data dir, so it does not hold these pipes open.
    child.once('close', (code, signal) =>
      resolveRun({ code, signal, output: Buffer.concat(chunks).toString('utf8').trimEnd() }),
    );
  });
}

function describeFailure(what: string, result: ScriptResult): Error {
  const how = result.signal !== null ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
  return new Error(`${what}: scripts/kafka.sh ${how}\n${result.output}`);
}

export async function startKafkaBroker(): Promise<RunningKafka> {
  const [port, controllerPort] = await twoFreePorts();
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-'));
  const env: NodeJS.ProcessEnv = {
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_DATA_DIR: dataDir,
  };

  let started: ScriptResult;
  try {
    started = await runKafkaScript('start', env);
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  if (started.code !== 0) {
    // The script kills a broker that did not become ready; stop anyway in case it was killed itself.
    await runKafkaScript('stop', env).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw describeFailure(`Kafka did not start (data dir ${dataDir})`, started);
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const stopped = await runKafkaScript('stop', env);
      if (stopped.code !== 0) {
        // Keep the data dir: it holds the broker's logs.
        throw describeFailure(`Kafka did not stop (data dir ${dataDir})`, stopped);
      }
      await rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const killNow = (): void => {
    try {
      process.kill(Number(readFileSync(join(dataDir, 'kafka.pid'), 'utf8').trim()), 'SIGKILL');
    } catch {
      /* already gone */
    }
  };

  const run = async (command: 'start' | 'stop'): Promise<void> => {
    const result = await runKafkaScript(command, env);
    if (result.code !== 0) throw describeFailure(`Kafka did not ${command} (data dir ${dataDir})`, result);
  };

  return { brokers: `127.0.0.1:${port}`, dataDir, stop, pause: () => run('stop'), resume: () => run('start'), killNow };
}
