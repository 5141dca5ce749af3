import { ConfigError, loadConfig } from './load-config';
import { SchemaConfig } from './schema.config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(SchemaConfig, env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('SchemaConfig', () => {
  it('by default: the app migrates at boot, one server, raw events kept forever', () => {
    expect(loadConfig(SchemaConfig, {})).toMatchObject({ CLICKHOUSE_MIGRATE: 'boot', CLICKHOUSE_CLUSTER: '', EVENTS_RETENTION_DAYS: 0 });
    expect(loadConfig(SchemaConfig, { CLICKHOUSE_MIGRATE: 'skip', CLICKHOUSE_CLUSTER: 'events-cluster_1', EVENTS_RETENTION_DAYS: '400' })).toMatchObject({
      CLICKHOUSE_MIGRATE: 'skip',
      CLICKHOUSE_CLUSTER: 'events-cluster_1',
      EVENTS_RETENTION_DAYS: 400,
    });
  });

  it.each([
    ['CLICKHOUSE_MIGRATE', 'never', 'CLICKHOUSE_MIGRATE must be one of boot, skip'],
    ['CLICKHOUSE_CLUSTER', 'c1 ON CLUSTER x', 'CLICKHOUSE_CLUSTER must be empty or a cluster name'],
    ['CLICKHOUSE_CLUSTER', "c1'", 'CLICKHOUSE_CLUSTER must be empty or a cluster name'],
    ['CLICKHOUSE_CLUSTER', '`c1`', 'CLICKHOUSE_CLUSTER must be empty or a cluster name'],
    ['CLICKHOUSE_CLUSTER', '1cluster', 'CLICKHOUSE_CLUSTER must be empty or a cluster name'],
    ['EVENTS_RETENTION_DAYS', '-1', 'EVENTS_RETENTION_DAYS must not be less than 0'],
    ['EVENTS_RETENTION_DAYS', '3651', 'EVENTS_RETENTION_DAYS must not be greater than 3650'],
    ['EVENTS_RETENTION_DAYS', '1.5', 'EVENTS_RETENTION_DAYS must be a whole number of days'],
    ['EVENTS_RETENTION_DAYS', '30d', 'EVENTS_RETENTION_DAYS must be a whole number of days'],
  ])('refuses %s=%j at boot', (name, value, reason) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0].startsWith(`${name}=${JSON.stringify(value)}: `)).toBe(true);
    expect(problems[0]).toContain(reason);
  });
});
