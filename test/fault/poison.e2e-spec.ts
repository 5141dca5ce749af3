import { setTimeout as sleep } from 'node:timers/promises';
import { FaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: poison messages interleaved with good ones', () => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await FaultPlatform.start({ writers: 2 });
  }, 120_000);

  afterAll(() => platform?.stop(), 60_000);

  it('dead-letters every poison message and counts every good one once', async () => {
    const traffic = await new Traffic(platform, new Ledger('fault_poison'), { poison: true }).start();
    await sleep(10_000);
    await traffic.stop();
    const report = await verify('poison interleaved', platform, traffic.ledger);
    expectExactlyOnce(report, traffic.ledger);
    expect(traffic.ledger.poisonSent).toBeGreaterThan(10);
    expect(report.deadLettered).toBe(traffic.ledger.poisonSent);
  }, 240_000);
});
