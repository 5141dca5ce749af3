import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ListenerProtocol = 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

/**
 * Listeners beside the PLAINTEXT one (which the broker's own traffic and the start-up check
 * use), each named by its protocol and on its own port, with the properties they need (JAAS,
 * SASL mechanisms, keystores) and the SCRAM users to create when the storage is formatted
 * (scripts/kafka.sh: KAFKA_EXTRA_LISTENERS, KAFKA_EXTRA_PROPERTIES, KAFKA_SCRAM_CREDENTIALS).
 */
export interface ExtraListeners {
  /** e.g. { SASL_PLAINTEXT: 40124, SASL_SSL: 40125 } */
  ports: Partial<Record<ListenerProtocol, number>>;
  /** server.properties lines appended verbatim. */
  properties: string;
  /** e.g. "SCRAM-SHA-256=[name=alice,password=alice-secret]" */
  scramCredentials?: string[];
}

/** A broker of its own (the bench's, a test run's), through scripts/kafka.sh on its own ports and data directory. */
export class KafkaBroker {
  private constructor(private readonly env: NodeJS.ProcessEnv, readonly dataDir: string, readonly brokers: string) {}

  static async start(repoRoot: string, dataDir: string, port: number, controllerPort: number, extra?: ExtraListeners): Promise<KafkaBroker> {
    const env: NodeJS.ProcessEnv = { KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort), KAFKA_DATA_DIR: dataDir };
    if (extra) {
      await mkdir(dataDir, { recursive: true });
      const propertiesFile = join(dataDir, 'extra-listeners.properties');
      await writeFile(propertiesFile, `${extra.properties}\n`);
      env.KAFKA_EXTRA_LISTENERS = Object.entries(extra.ports)
        .map(([protocol, listenerPort]) => `${protocol}://127.0.0.1:${listenerPort}`)
        .join(',');
      env.KAFKA_EXTRA_PROPERTIES = propertiesFile;
      env.KAFKA_SCRAM_CREDENTIALS = (extra.scramCredentials ?? []).join(' ');
    }
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
