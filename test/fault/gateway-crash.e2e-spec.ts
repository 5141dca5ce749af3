import { setTimeout as sleep } from 'node:timers/promises';
import { useFaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: a gateway killed with requests in flight', () => {
  const fault = useFaultPlatform({ writers: 1 });

  it('keeps every 2xx it gave: what it acknowledged is counted once', async () => {
    const platform = fault();
    const traffic = await new Traffic(platform, new Ledger('fault_gateway_kill'), { senders: 4, pauseMs: 0, eventsPerRequest: 50 }).start();
    for (let round = 0; round < 3; round++) {
      await sleep(2500);
      const replacement = platform.addGateway();
      await platform.gateways.filter((g) => g.process.running)[0].process.stop('SIGKILL');
      await replacement;
    }
    await sleep(2000);
    await traffic.stop();
    const report = await verify('gateway kill -9 x3', platform, traffic.ledger);
    expectExactlyOnce(report, traffic.ledger);
    expect([...traffic.ledger.answers.keys()].some((answer) => answer !== '202')).toBe(true);
  }, 240_000);
});
