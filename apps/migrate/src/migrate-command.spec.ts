import { MigrationSummary } from '@tributary/platform';
import { migrateCommand, MigrateDependencies, USAGE } from './migrate-command';

function capture(): { out: string[]; err: string[]; output: { out(t: string): void; err(t: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

const summary: MigrationSummary = { database: 'tributary', cluster: '', applied: [2, 3], version: 3, retentionDays: 30, retention: 'set' };
const succeeding: MigrateDependencies = { run: async () => summary };
const never: MigrateDependencies = {
  run: async () => {
    throw new Error('must not connect');
  },
};

describe('the migrate command', () => {
  it('migrates and prints what it did as one line, exit 0', async () => {
    const { out, err, output } = capture();
    expect(await migrateCommand([], {}, output, succeeding)).toBe(0);
    expect(out).toEqual(['migrate: tributary: applied migration(s) 2, 3, now at version 3; raw events kept 30 day(s) (TTL set)']);
    expect(err).toEqual([]);
  });

  it('exits 1 with the reason and where, when a run fails', async () => {
    const { out, err, output } = capture();
    const failing: MigrateDependencies = { run: async () => Promise.reject(new Error('ClickHouse at http://ch:8123 did not answer a ping within 60000 ms')) };
    expect(await migrateCommand([], { CLICKHOUSE_URL: 'http://ch:8123' }, output, failing)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual(['migrate: failed on http://ch:8123, database tributary: ClickHouse at http://ch:8123 did not answer a ping within 60000 ms']);
  });

  it('validates the settings before it connects: exit 1 naming the variable', async () => {
    const { err, output } = capture();
    expect(await migrateCommand([], { CLICKHOUSE_CLUSTER: 'a b', EVENTS_RETENTION_DAYS: '99999' }, output, never)).toBe(1);
    expect(err.join('\n')).toContain('CLICKHOUSE_CLUSTER="a b"');
    expect(err.join('\n')).toContain('EVENTS_RETENTION_DAYS="99999"');
  });

  it('--print: the statements of a run for the configured layout, without connecting', async () => {
    const { out, output } = capture();
    expect(await migrateCommand(['--print'], { CLICKHOUSE_CLUSTER: 'events', CLICKHOUSE_DATABASE: 'analytics', EVENTS_RETENTION_DAYS: '90' }, output, never)).toBe(0);
    const script = out.join('\n');
    expect(script).toMatch(/^CREATE DATABASE IF NOT EXISTS `analytics` ON CLUSTER `events`;\n/);
    expect(script).toContain("ENGINE = Distributed('events', 'analytics', 'events_local', cityHash64(id));");
    expect(script.trim()).toMatch(
      /ALTER TABLE events_local ON CLUSTER `events` MODIFY TTL toDateTime\(event_time\) \+ INTERVAL 90 DAY;\n\nALTER TABLE distinct_users_local ON CLUSTER `events` MODIFY TTL toDateTime\(last_event_time\) \+ INTERVAL 90 DAY;$/,
    );
  });

  it('exit 2 and the usage on an unknown argument; --help prints it', async () => {
    const wrong = capture();
    expect(await migrateCommand(['--dry-run'], {}, wrong.output, never)).toBe(2);
    expect(wrong.err[0]).toContain('unknown argument --dry-run');
    const help = capture();
    expect(await migrateCommand(['--help'], {}, help.output, never)).toBe(0);
    expect(help.out).toEqual([USAGE]);
  });
});
