/** Variables through which the global setup tells each test file where the shared infrastructure is. */
export const TEST_ENV = {
  kafkaBrokers: 'TRIBUTARY_TEST_KAFKA_BROKERS',
  clickhouseUrl: 'TRIBUTARY_TEST_CLICKHOUSE_URL',
} as const;

export function requiredTestEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with the repo's jest config, whose global setup starts Kafka and ClickHouse`);
  return value;
}
