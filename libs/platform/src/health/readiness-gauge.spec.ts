import { Registry } from 'prom-client';
import { ReadinessCheck } from './readiness-check';
import { ReadinessGauge } from './readiness-gauge';

class SwitchableCheck extends ReadinessCheck {
  readonly name = 'switchable';
  problem: () => Promise<string | undefined> = async () => undefined;
}

describe('tributary_ready', () => {
  it('runs the readiness checks at each scrape: 1 while every one passes, 0 while one fails', async () => {
    const registry = new Registry();
    const check = new SwitchableCheck();
    new ReadinessGauge(registry, [check]);
    const ready = async () => (await registry.getSingleMetric('tributary_ready')!.get()).values[0].value;

    expect(await ready()).toBe(1);
    check.problem = async () => 'down';
    expect(await ready()).toBe(0);
    check.problem = async () => undefined;
    expect(await ready()).toBe(1);
  });
});
