import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A broker of its own (the bench's, a test run's), through scripts/kafka.sh on its own ports and data directory. */
export class KafkaBroker {
  private constructor(private readonly env: NodeJS.ProcessEnv, readonly dataDir: string, readonly brokers: string) {}

  static async start(repoRoot: string, dataDir: string, port: number, controllerPort: number): Promise<KafkaBroker> {
    const env = { KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_DATA_DIR: dataDir };
    const broker = new KafkaBroker(env, dataDir, `127.0.0.1:${port}`);
    await runKafkaScript(repoRoot, 'start', env);
    return broker;
  }

  /** The broker JVM's pid, from the pid file scripts/kafka.sh writes. */
  get pid(): number {
    return Number(readFileSync(join(this.dataDir, 'kafka.pid'), 'utf8').trim());
  }

  stop(repoRoot: string): Promise<void> {
    return runKafkaScript(repoRoot, 'stop', this.env);
  }

  /** Starts it again after stop(), on the same ports and data. */
  restart(repoRoot: string): Promise<void> {
    return runKafkaScript(repoRoot, 'start', this.env);
  }

  killNow(): void {
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      /* not running */
    }
  }
}

function runKafkaScript(repoRoot: string, command: 'start' | 'stop', env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'scripts/kafka.sh'), command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`scripts/kafka.sh ${command} exited with ${code}:\n${Buffer.concat(output).toString()}`)),
    );
  });
}
