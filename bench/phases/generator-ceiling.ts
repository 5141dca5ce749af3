import { join } from 'node:path';
import { BodyKind } from '../load/event-bodies';
import { runLoad } from '../load/http-load';
import { ManagedProcess } from '../support/child-process';
import { freePort } from '../support/free-port';
import { BenchContext } from './bench-context';

const CEILING_CONNECTIONS = 64;

/**
 * How fast the load generator itself goes on this machine: the same generator settings against a
 * server that does nothing. A gateway figure near this ceiling means the generator saturated, not the gateway.
 */
export async function measureGeneratorCeiling(context: BenchContext): Promise<void> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await new ManagedProcess({
    name: 'trivial-http-server',
    command: process.execPath,
    args: [join(__dirname, '../reference/trivial-http-server.js'), String(port)],
    readyUrl: baseUrl,
    logDir: context.settings.logDir,
  }).start(10_000);
  try {
    for (const body of ['single', 'ndjson-batch'] as BodyKind[]) {
      const eventsPerRequest = body === 'single' ? 1 : 30;
      const result = await runLoad({ baseUrl, body, eventsPerRequest, connections: CEILING_CONNECTIONS, durationSeconds: context.size.stepSeconds });
      context.table.add({
        id: `ceiling.${body}`,
        label: `generator ceiling: autocannon → trivial node:http, ${body}, c=${CEILING_CONNECTIONS}`,
        value: result.requestsPerSecond,
        unit: 'req/s',
        p50Ms: result.p50Ms,
        p99Ms: result.p99Ms,
        note: `${Math.round(result.eventsPerSecond).toLocaleString('en-US')} events/s`,
      });
    }
  } finally {
    await server.stop();
  }
}
