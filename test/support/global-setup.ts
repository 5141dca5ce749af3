import { startEmbeddedClickHouse } from './embedded-clickhouse';
import { startKafkaBroker } from './kafka-broker';
import { TEST_ENV } from './test-env';

/** One real Kafka broker and one embedded ClickHouse for the whole run; each test file takes its own topic and database. */
export default async function globalSetup(): Promise<void> {
  const [kafka, clickhouse] = await Promise.all([startKafkaBroker(), startEmbeddedClickHouse()]);
  process.env[TEST_ENV.kafkaBrokers] = kafka.brokers;
  process.env[TEST_ENV.clickhouseUrl] = clickhouse.url;
  (globalThis as Record<string, unknown>).__tributaryInfra = [kafka, clickhouse];
  // If jest dies without its teardown (a test calling process.exit), leave no broker or engine behind.
  process.once('exit', () => [kafka, clickhouse].forEach((component) => component.killNow()));
}
