import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePorts } from '../../bench/support/free-port';
import { KafkaBroker } from '../../bench/support/kafka-broker';

export interface RunningKafka {
  /** bootstrap servers for clients, e.g. "127.0.0.1:40123" */
  brokers: string;
  stop(): Promise<void>;
  /** Stops the broker, keeping its data... */
  pause(): Promise<void>;
  /** ...and starts it again on the same ports and data. */
  resume(): Promise<void>;
  /** SIGSTOP: the broker keeps its connections but answers nothing until thaw(). */
  freeze(): void;
  thaw(): void;
  /** For an exit hook: no waiting, no cleanup. */
  killNow(): void;
}

const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * A private Apache Kafka broker for a test run or a test file: its own free loopback ports and a
 * fresh data directory, so that two runs never collide. stop() removes the directory.
 */
export async function startKafkaBroker(): Promise<RunningKafka> {
  const [port, controllerPort] = await freePorts(2);
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-'));
  let broker: KafkaBroker;
  try {
    broker = await KafkaBroker.start(REPO_ROOT, dataDir, port, controllerPort);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: broker.brokers,
    stop: async () => {
      await broker.stop(REPO_ROOT);
      await rm(dataDir, { recursive: true, force: true });
    },
    pause: () => broker.stop(REPO_ROOT),
    resume: () => broker.restart(REPO_ROOT),
    freeze: () => process.kill(broker.pid, 'SIGSTOP'),
    thaw: () => process.kill(broker.pid, 'SIGCONT'),
    killNow: () => broker.killNow(),
  };
}
