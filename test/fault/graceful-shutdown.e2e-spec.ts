import { setTimeout as sleep } from 'node:timers/promises';
import { FaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: SIGTERM to a gateway and a writer while traffic flows', () => {
  let platform: FaultPlatform;

  beforeAll(async () => {
    platform = await FaultPlatform.start({ writers: 2 });
  }, 120_000);

  afterAll(() => platform?.stop(), 60_000);

  it('they drain, commit and leave cleanly; nothing acknowledged is lost', async () => {
    const traffic = await new Traffic(platform, new Ledger('fault_sigterm'), { senders: 3, pauseMs: 10, eventsPerRequest: 30 }).start();
    await sleep(3000);
    const [gateway] = platform.gateways;
    await platform.addGateway();
    await gateway.stop('SIGTERM');
    const [writer] = platform.writers;
    const stoppedAt = Date.now();
    await writer.stop('SIGTERM');
    const writerStopMs = Date.now() - stoppedAt;
    await sleep(3000);
    await traffic.stop();
    expectExactlyOnce(await verify('SIGTERM gateway and writer', platform, traffic.ledger), traffic.ledger);
    expect([gateway.ended, writer.ended]).toEqual([0, 0]);
    expect(writerStopMs).toBeLessThan(10_000);
  }, 240_000);
});
