import { setTimeout as sleep } from 'node:timers/promises';
import { useFaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: poison messages interleaved with good ones', () => {
  const fault = useFaultPlatform({ writers: 2 });

  it('dead-letters every poison message and counts every good one once', async () => {
    const platform = fault();
    const traffic = await new Traffic(platform, new Ledger('fault_poison'), { poison: true }).start();
    await sleep(10_000);
    await traffic.stop();
    const report = await verify('poison interleaved', platform, traffic.ledger);
    expectExactlyOnce(report, traffic.ledger);
    expect(traffic.ledger.poisonSent).toBeGreaterThan(10);
    expect(report.deadLettered).toBe(traffic.ledger.poisonSent);
  }, 240_000);
});
