/** How big a run is: `small` proves every row still runs (about a minute, part of npm test); `full` is the real measurement. */
export interface BenchSize {
  name: 'small' | 'full';
  /** Seconds of load per concurrency step (and for the generator's ceiling). */
  stepSeconds: number;
  /** Connections tried in order for each body kind, until the rate stops growing. */
  concurrencies: number[];
  /** A step counts as growth if it adds at least this share to the best rate so far. */
  saturationGain: number;
  producerPerformanceRecords: number;
  /** Messages already in the topic that the writer drains. */
  writerMessages: number;
  freshnessProbes: number;
  seed003Seconds: number;
  /** Stored events at which /events/metrics is timed. */
  queryStoredEvents: number[];
  queriesPerCase: number;
}

const SMALL: BenchSize = {
  name: 'small',
  stepSeconds: 1,
  concurrencies: [4, 32],
  saturationGain: 0.05,
  producerPerformanceRecords: 50_000,
  writerMessages: 20_000,
  freshnessProbes: 3,
  seed003Seconds: 2,
  queryStoredEvents: [20_000, 100_000],
  queriesPerCase: 5,
};

const FULL: BenchSize = {
  name: 'full',
  stepSeconds: 8,
  concurrencies: [1, 4, 16, 32, 64, 128, 256],
  saturationGain: 0.05,
  producerPerformanceRecords: 2_000_000,
  writerMessages: 500_000,
  freshnessProbes: 30,
  seed003Seconds: 15,
  queryStoredEvents: [1_000_000, 10_000_000],
  queriesPerCase: 20,
};

/** BENCH_SIZE=small|full (default full); BENCH_QUERY_100M=1 adds 100M stored events to a full run. */
export function benchSize(env: NodeJS.ProcessEnv): BenchSize {
  const name = env.BENCH_SIZE ?? 'full';
  if (name !== 'small' && name !== 'full') throw new Error(`BENCH_SIZE=${JSON.stringify(name)}: must be small or full`);
  const size = name === 'small' ? SMALL : FULL;
  return env.BENCH_QUERY_100M === '1' ? { ...size, queryStoredEvents: [...size.queryStoredEvents, 100_000_000] } : size;
}
