import { INestApplication } from '@nestjs/common';
import { Env } from '@tributary/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { startQuery } from '../../../apps/query/src/bootstrap';
import { appOnFreePort, portVariablesOf, RunningApp } from '../../../bench/support/platform';
import { testAppHome } from '../../support/app-home';
import { RunningClickHouse, startEmbeddedClickHouse } from '../../support/embedded-clickhouse';
import { RunningKafka, startKafkaBroker } from '../../support/kafka-broker';
import { isolatedEnv, urlOf } from '../../support/platform';

export interface FaultPlatformOptions {
  writers: number;
  /** A broker of its own, to stop and restart without disturbing other test files. */
  ownKafka?: boolean;
  /** An embedded ClickHouse of its own, to take away and bring back. */
  ownClickHouse?: boolean;
}

/**
 * The platform with writers and the gateway as separate processes, so that they can be killed
 * (kill -9 included), added and removed; the query app runs in the test process.
 */
export class FaultPlatform {
  readonly writers: RunningApp[] = [];
  readonly gateways: RunningApp[] = [];
  private query?: INestApplication;
  queryUrl = '';

  private constructor(
    readonly env: Env,
    readonly kafka?: RunningKafka,
    readonly clickhouse?: RunningClickHouse,
  ) {}

  static async start(options: FaultPlatformOptions): Promise<FaultPlatform> {
    const kafka = options.ownKafka ? await startKafkaBroker() : undefined;
    const clickhouse = options.ownClickHouse ? await startEmbeddedClickHouse() : undefined;
    const env = isolatedEnv({
      ...(kafka && { KAFKA_BROKERS: kafka.brokers }),
      ...(clickhouse && { CLICKHOUSE_URL: clickhouse.url }),
      KAFKA_TOPIC_PARTITIONS: '4',
      LOG_LEVEL: 'log',
      WRITER_SESSION_TIMEOUT_MS: '6000',
    });
    const platform = new FaultPlatform(env, kafka, clickhouse);
    try {
      for (let i = 0; i < options.writers; i++) await platform.addWriter();
      await platform.addGateway();
      // The writers and gateways log fully, into their tails; the in-process query app only warnings.
      platform.query = await startQuery({ ...env, LOG_LEVEL: 'warn' });
      platform.queryUrl = await urlOf(platform.query);
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return platform;
  }

  get gatewayUrl(): string {
    const running = this.gateways.filter((g) => g.process.running);
    if (running.length === 0) throw new Error('no gateway is running');
    return running[running.length - 1].url;
  }

  addWriter(): Promise<RunningApp> {
    return this.launch('writer', this.writers);
  }

  /** `rounds` times: waits `pauseMs`, kills a running writer (kill -9, each of the first two in turn) and starts a new one. */
  async killWritersInTurn(rounds: number, pauseMs: number): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      await sleep(pauseMs);
      const victim = this.writers.filter((w) => w.process.running)[round % 2];
      await victim.process.stop('SIGKILL');
      await this.addWriter();
    }
  }

  addGateway(): Promise<RunningApp> {
    return this.launch('gateway', this.gateways);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.gateways, ...this.writers].map((app) => app.process.stop()));
    await this.query?.close();
    await this.clickhouse?.stop();
    await this.kafka?.stop();
  }

  private async launch(app: 'writer' | 'gateway', into: RunningApp[]): Promise<RunningApp> {
    const added = await appOnFreePort(testAppHome(app), { app, name: `${app} ${into.length + 1}`, env: this.env, ...portVariablesOf(app), readyPath: '/health' });
    // Listed while it boots: the traffic turns to it at once, away from the gateway a scenario is about to stop.
    into.push(added);
    await added.process.start();
    return added;
  }
}

/** Starts a FaultPlatform before the file's tests and stops it after; call it inside describe(). */
export function useFaultPlatform(options: FaultPlatformOptions): () => FaultPlatform {
  let platform: FaultPlatform | undefined;
  beforeAll(async () => {
    platform = await FaultPlatform.start(options);
  }, 120_000);
  afterAll(() => platform?.stop(), 60_000);
  return () => {
    if (!platform) throw new Error('the fault platform did not start');
    return platform;
  };
}
