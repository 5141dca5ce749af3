import { setTimeout as sleep } from 'node:timers/promises';
import { useFaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: writers added and removed while traffic flows (rebalances)', () => {
  const fault = useFaultPlatform({ writers: 1 });

  it('loses no acknowledged event and counts none twice', async () => {
    const platform = fault();
    const traffic = await new Traffic(platform, new Ledger('fault_rebalance')).start();
    await sleep(3000);
    await platform.addWriter();
    await sleep(4000);
    await platform.addWriter();
    await sleep(4000);
    await platform.writers[0].process.stop('SIGTERM');
    await sleep(4000);
    await platform.writers[1].process.stop('SIGTERM');
    await sleep(4000);
    await traffic.stop();
    expectExactlyOnce(await verify('writers added and removed', platform, traffic.ledger), traffic.ledger);
  }, 240_000);
});
