import { setTimeout as sleep } from 'node:timers/promises';
import { FaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: the Kafka broker stopped and restarted', () => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await FaultPlatform.start({ writers: 2, ownKafka: true });
  }, 120_000);

  afterAll(() => platform?.stop(), 60_000);

  it('answers 503 while it is down, never 2xx, and recovers by itself', async () => {
    const traffic = await new Traffic(platform, new Ledger('fault_kafka_restart')).start();
    await sleep(3000);
    await platform.kafka!.pause();
    const during = await fetch(`${platform.gatewayUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'fault_kafka_restart_probe', channel_type: 'web', event_id: 'probe' }),
    });
    await sleep(4000);
    await platform.kafka!.resume();
    const acknowledgedAtRestart = traffic.ledger.copiesAcknowledged;
    await sleep(6000);
    await traffic.stop();
    const report = await verify('Kafka stopped and restarted', platform, traffic.ledger);
    expectExactlyOnce(report, traffic.ledger);
    expect([during.status, during.headers.get('retry-after')]).toEqual([503, '5']);
    expect(traffic.ledger.answers.get('503')).toBeGreaterThan(0);
    expect(traffic.ledger.copiesAcknowledged - acknowledgedAtRestart).toBeGreaterThan(100);
  }, 240_000);
});
