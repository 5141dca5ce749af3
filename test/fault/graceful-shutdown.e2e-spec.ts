import { setTimeout as sleep } from 'node:timers/promises';
import { useFaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: SIGTERM to a gateway and a writer while traffic flows', () => {
  const fault = useFaultPlatform({ writers: 2 });

  it('they drain, commit and leave cleanly; nothing acknowledged is lost', async () => {
    const platform = fault();
    const traffic = await new Traffic(platform, new Ledger('fault_sigterm'), { senders: 3, pauseMs: 10, eventsPerRequest: 30 }).start();
    await sleep(3000);
    // The gateway is stopped while the traffic still reaches it; the next one starts after.
    const [{ process: gateway }] = platform.gateways;
    const gatewayStoppedAt = Date.now();
    await gateway.stop('SIGTERM');
    const gatewayStopMs = Date.now() - gatewayStoppedAt;
    await platform.addGateway();
    const [{ process: writer }] = platform.writers;
    const stoppedAt = Date.now();
    await writer.stop('SIGTERM');
    const writerStopMs = Date.now() - stoppedAt;
    await sleep(3000);
    await traffic.stop();
    expectExactlyOnce(await verify('SIGTERM gateway and writer', platform, traffic.ledger), traffic.ledger);
    expect([gateway.ended, writer.ended]).toEqual([0, 0]);
    expect({ gatewayStopMs: gatewayStopMs < 10_000, writerStopMs: writerStopMs < 10_000 }).toEqual({ gatewayStopMs: true, writerStopMs: true });
  }, 240_000);
});
