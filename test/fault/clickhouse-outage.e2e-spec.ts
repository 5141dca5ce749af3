import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '../support/wait-for';
import { useFaultPlatform } from './support/fault-platform';
import { Ledger } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

describe('fault: ClickHouse unavailable for a while, then restored', () => {
  const fault = useFaultPlatform({ writers: 2, ownClickHouse: true });

  it('keeps accepting, holds the writers without loss, and catches up by itself', async () => {
    const platform = fault();
    const traffic = await new Traffic(platform, new Ledger('fault_clickhouse_outage')).start();
    await sleep(3000);
    await platform.clickhouse!.pause('SIGKILL');
    const acknowledgedBefore = traffic.ledger.copiesAcknowledged;
    await sleep(8000);
    const acceptedDuringOutage = traffic.ledger.copiesAcknowledged - acknowledgedBefore;
    const readyDuringOutage = await fetch(`${platform.writers[0].managementUrl}/ready`);
    const readiness = (await readyDuringOutage.json()) as { checks: Record<string, string> };
    const metricsDuringOutage = await (await fetch(`${platform.writers[0].managementUrl}/metrics`)).text();
    await platform.clickhouse!.resume();
    await sleep(3000);
    await traffic.stop();
    const report = await verify('ClickHouse down 8 s', platform, traffic.ledger);
    expectExactlyOnce(report, traffic.ledger);
    expect(acceptedDuringOutage).toBeGreaterThan(100);
    expect(platform.writers.every((writer) => writer.process.running)).toBe(true);
    expect(readyDuringOutage.status).toBe(503);
    expect(readiness.checks.clickhouse).toMatch(/^ping failed/);
    // Which partition is held, at which offset and since when, in readiness and in the metrics.
    expect(readiness.checks.consumer).toMatch(/\[\d+\] at offset \d+ failing since \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ attempts\)/);
    expect(metricsDuringOutage).toMatch(/^tributary_writer_partition_failing_since_timestamp_seconds\{topic="[^"]+",partition="\d+"\} \d+/m);
    expect(metricsDuringOutage).toMatch(/^tributary_writer_batch_failures_total\{topic="[^"]+",partition="\d+"\} [1-9]/m);
    await waitFor('the writer to be ready again', async () => ((await fetch(`${platform.writers[0].managementUrl}/ready`)).ok ? true : undefined), 15_000);
  }, 240_000);
});
