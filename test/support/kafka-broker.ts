import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePorts } from '../../bench/support/free-port';
import { KafkaBroker, ListenerProtocol } from '../../bench/support/kafka-broker';
import { waitFor } from './wait-for';

export type { ListenerProtocol } from '../../bench/support/kafka-broker';

/** Listeners beside the PLAINTEXT one, each on a free port of its own (bench/support/kafka-broker.ts). */
export interface ExtraListenerSpec {
  protocols: ListenerProtocol[];
  /** server.properties lines: JAAS, SASL mechanisms, keystores. */
  properties: string;
  /** SCRAM users created when the storage is formatted, e.g. "SCRAM-SHA-256=[name=bob,password=bob-secret]". */
  scramCredentials?: string[];
}

export interface RunningKafka {
  /** bootstrap servers for clients, e.g. "127.0.0.1:40123" */
  brokers: string;
  /** host:port of each extra listener, by protocol. */
  listeners: Partial<Record<ListenerProtocol, string>>;
  stop(): Promise<void>;
  /** Stops the broker, keeping its data... */
  pause(): Promise<void>;
  /** ...and starts it again on the same ports and data. */
  resume(): Promise<void>;
  /** SIGSTOP: the broker keeps its connections but answers nothing until thaw(). Resolves once every thread of its JVM is stopped. */
  freeze(): Promise<void>;
  thaw(): void;
  /** For an exit hook: no waiting, no cleanup. */
  killNow(): void;
}

const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * A private Apache Kafka broker for a test run or a test file: its own free loopback ports and a
 * fresh data directory, so that two runs never collide. stop() removes the directory.
 */
export async function startKafkaBroker(extra?: ExtraListenerSpec): Promise<RunningKafka> {
  const protocols = extra?.protocols ?? [];
  const [port, controllerPort, ...extraPorts] = await freePorts(2 + protocols.length);
  const ports = Object.fromEntries(protocols.map((protocol, i) => [protocol, extraPorts[i]])) as Partial<Record<ListenerProtocol, number>>;
  const dataDir = await mkdtemp(join(tmpdir(), 'tributary-kafka-'));
  let broker: KafkaBroker;
  try {
    const extraListeners = extra && { ports, properties: extra.properties, scramCredentials: extra.scramCredentials };
    broker = await KafkaBroker.start(REPO_ROOT, dataDir, port, controllerPort, extraListeners);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: broker.brokers,
    listeners: Object.fromEntries(Object.entries(ports).map(([protocol, listenerPort]) => [protocol, `127.0.0.1:${listenerPort}`])),
    stop: async () => {
      await broker.stop(REPO_ROOT);
      await rm(dataDir, { recursive: true, force: true });
    },
    pause: () => broker.stop(REPO_ROOT),
    resume: () => broker.restart(REPO_ROOT),
    freeze: async () => {
      process.kill(broker.pid, 'SIGSTOP');
      await waitFor(`every thread of the broker's JVM (pid ${broker.pid}) to be stopped`, async () => (allThreadsStopped(broker.pid) ? true : undefined), 10_000, 10);
    },
    thaw: () => process.kill(broker.pid, 'SIGCONT'),
    killNow: () => broker.killNow(),
  };
}

/** Each thread's state, the third field of /proc/<pid>/task/<tid>/stat: T once stopped by a signal. */
function allThreadsStopped(pid: number): boolean {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks.every((tid) => / T /.test(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').replace(/^.*\)/s, ')')));
}
