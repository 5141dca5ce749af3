import { setTimeout as sleep } from 'node:timers/promises';
import { useFaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';
import { waitFor } from '../support/wait-for';

describe('fault: the Kafka broker stopped and restarted', () => {
  const fault = useFaultPlatform({ writers: 2, ownKafka: true });

  it('answers 503 while it is down, never 2xx, and recovers by itself', async () => {
    const platform = fault();
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
    // Recovery: the gateway takes traffic again by itself (a slow box takes longer, never forever).
    const recovered = await waitFor('100 more copies acknowledged after the restart', async () => {
      const more = traffic.ledger.copiesAcknowledged - acknowledgedAtRestart;
      return more > 100 ? more : undefined;
    }, 60_000);
    await traffic.stop();
    const report = await verify('Kafka stopped and restarted', platform, traffic.ledger);
    expectExactlyOnce(report, traffic.ledger);
    expect([during.status, during.headers.get('retry-after')]).toEqual([503, '5']);
    expect(traffic.ledger.answers.get('503')).toBeGreaterThan(0);
    expect(recovered).toBeGreaterThan(100);
  }, 240_000);
});
