import autocannon from 'autocannon';
import { CONTENT_TYPE, EventBodies, PATH } from './event-bodies';
import { LoadResult, LoadSpec } from './load-spec';

/**
 * The load generator's own process: autocannon against one server, the result as one JSON line
 * on stdout. SIGTERM ends the run early and still reports.
 * Usage: node drive-http.js '<LoadSpec as JSON>'
 */
function main(): void {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
  const bodies = new EventBodies(spec.body, spec.eventsPerRequest);
  const instance = autocannon(
    {
      url: spec.baseUrl,
      connections: spec.connections,
      duration: spec.durationSeconds,
      overallRate: spec.requestsPerSecond,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: PATH[spec.body],
          headers: { 'content-type': CONTENT_TYPE[spec.body] },
          setupRequest: (request) => ({ ...request, body: bodies.next() }),
        },
      ],
    },
    (error, result) => {
      if (error) {
        console.error(`autocannon failed: ${error.message}`);
        process.exit(1);
      }
      const seconds = result.duration;
      const report: LoadResult = {
        requestsPerSecond: result['2xx'] / seconds,
        eventsPerSecond: (result['2xx'] * spec.eventsPerRequest) / seconds,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
        durationSeconds: seconds,
      };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    },
  );
  process.once('SIGTERM', () => instance.stop());
}

main();
