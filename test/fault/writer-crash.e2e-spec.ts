import { setTimeout as sleep } from 'node:timers/promises';
import { useFaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: kill -9 of a writer mid-batch, several times, two writers in the group', () => {
  const fault = useFaultPlatform({ writers: 2 });

  it('loses no acknowledged event and counts none twice', async () => {
    const platform = fault();
    const traffic = await new Traffic(platform, new Ledger('fault_writer_kill')).start();
    await platform.killWritersInTurn(4, 8000);
    await sleep(2000);
    await traffic.stop();
    expectExactlyOnce(await verify('writer kill -9 x4', platform, traffic.ledger), traffic.ledger);
  }, 240_000);
});
