import type { BenchSize } from '../bench-size';
import type { ResultsTable } from '../report/results-table';
import type { KafkaAdmin } from '../support/kafka-admin';
import type { PlatformSettings, RunningApp } from '../support/platform';

/** What every phase works with: the run's size, its platform and its table. */
export interface BenchContext {
  size: BenchSize;
  settings: PlatformSettings;
  admin: KafkaAdmin;
  table: ResultsTable;
  gateway: RunningApp;
  query: RunningApp;
  /** Started by the writer phase; it stays up for the phases that need it inserting. */
  writer?: RunningApp;
}

/** The highest rate each body kind reached, and at how many connections. */
export interface Saturation {
  eventsPerSecond: number;
  requestsPerSecond: number;
  connections: number;
}
