import { runLoad } from '../load/http-load';
import { BenchContext } from './bench-context';
import { BATCH_EVENTS } from './gateway-ingest';

const REQUESTS_PER_SECOND = 200;
const CONNECTIONS = 32;

/** Seed 003's requirement: 200 requests/s of 30 NDJSON events, held while the writer inserts them. */
export async function measureSeed003(context: BenchContext): Promise<void> {
  const result = await runLoad({
    baseUrl: context.gateway.url,
    body: 'ndjson-batch',
    eventsPerRequest: BATCH_EVENTS,
    connections: CONNECTIONS,
    durationSeconds: context.size.seed003Seconds,
    requestsPerSecond: REQUESTS_PER_SECOND,
  });
  context.table.add({
    id: 'seed003',
    label: `seed 003: ${REQUESTS_PER_SECOND} req/s of ${BATCH_EVENTS} NDJSON events, writer inserting`,
    value: result.requestsPerSecond,
    unit: 'req/s',
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    note: `${Math.round(result.eventsPerSecond).toLocaleString('en-US')} events/s${result.non2xx + result.errors > 0 ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
  });
}
