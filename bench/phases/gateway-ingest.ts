import { BodyKind } from '../load/event-bodies';
import { runLoad } from '../load/http-load';
import { LoadResult } from '../load/load-spec';
import { BenchContext, Saturation } from './bench-context';

export const BATCH_EVENTS = 30;
const WARM_UP_SECONDS = 2;
const WARM_UP_CONNECTIONS = 16;
/** More refused or failed requests than this share means the step is overload, not throughput. */
const MAX_FAILED_SHARE = 0.01;

/**
 * Events/s and latency through the gateway for each body kind, at growing concurrency, until the
 * rate stops growing: two steps in a row that add less than `saturationGain` to the best so far,
 * or a step with failures. The writer is not running: the gateway and Kafka have the machine.
 */
export async function measureGatewayIngest(context: BenchContext): Promise<Record<BodyKind, Saturation>> {
  const saturation = {} as Record<BodyKind, Saturation>;
  for (const body of ['single', 'json-batch', 'ndjson-batch'] as BodyKind[]) {
    saturation[body] = await ramp(context, body);
  }
  return saturation;
}

async function ramp(context: BenchContext, body: BodyKind): Promise<Saturation> {
  const { size, table, gateway } = context;
  const eventsPerRequest = body === 'single' ? 1 : BATCH_EVENTS;
  const spec = { baseUrl: gateway.url, body, eventsPerRequest };
  await runLoad({ ...spec, connections: WARM_UP_CONNECTIONS, durationSeconds: size.name === 'full' ? WARM_UP_SECONDS : 1 });

  let best: (LoadResult & { connections: number }) | undefined;
  let flatSteps = 0;
  for (const connections of size.concurrencies) {
    const result = await runLoad({ ...spec, connections, durationSeconds: size.stepSeconds });
    const failedShare = (result.non2xx + result.errors) / Math.max(1, result.requestsPerSecond * result.durationSeconds);
    table.add({
      id: `ingest.${body}.c${connections}`,
      label: `gateway ingest, ${body}${eventsPerRequest > 1 ? ` of ${eventsPerRequest}` : ''}, c=${connections}`,
      value: result.eventsPerSecond,
      unit: 'events/s',
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      note: `${Math.round(result.requestsPerSecond).toLocaleString('en-US')} req/s${result.non2xx + result.errors > 0 ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''}`,
    });
    if (failedShare > MAX_FAILED_SHARE) break;
    if (!best || result.eventsPerSecond >= best.eventsPerSecond * (1 + size.saturationGain)) flatSteps = 0;
    else flatSteps += 1;
    if (!best || result.eventsPerSecond > best.eventsPerSecond) best = { ...result, connections };
    if (flatSteps >= 2) break;
  }
  if (!best) throw new Error(`no ${body} step of the gateway ingest ran without failures`);
  table.add({
    id: `ingest.${body}.saturation`,
    label: `gateway ingest, ${body}: saturation (best step)`,
    value: best.eventsPerSecond,
    unit: 'events/s',
    p50Ms: best.p50Ms,
    p99Ms: best.p99Ms,
    note: `at c=${best.connections}, ${Math.round(best.requestsPerSecond).toLocaleString('en-US')} req/s`,
  });
  return { eventsPerSecond: best.eventsPerSecond, requestsPerSecond: best.requestsPerSecond, connections: best.connections };
}
