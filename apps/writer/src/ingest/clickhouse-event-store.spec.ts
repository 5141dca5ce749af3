import { isAbandonedProbe } from './clickhouse-event-store';

describe('probe tables left behind', () => {
  const now = Date.parse('2026-11-30T12:00:00Z');

  it('are dropped once older than any probe lives, and only probe tables are', () => {
    expect(isAbandonedProbe(`events_refusal_probe_${now - 11 * 60_000}_a1b2c3`, now)).toBe(true);
    expect(isAbandonedProbe(`events_refusal_probe_${now - 5_000}_a1b2c3`, now)).toBe(false);
    expect(isAbandonedProbe('events_refusal_probe_notanumber_a1', now)).toBe(false);
    expect(isAbandonedProbe('events', now)).toBe(false);
  });
});
