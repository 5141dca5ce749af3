import { SOURCES } from '@tributary/contracts';
import { launchApp, portVariablesOf, RunningApp } from '../../bench/support/platform';
import { FaultPlatform } from '../fault/support/fault-platform';
import { testAppHome } from '../support/app-home';
import { waitForWriterCaughtUp } from '../support/kafka-probe';
import { metricsOf, postJson, send, waitForCount } from '../support/platform';
import { fuzzOpenApi, FuzzOptions } from '../support/schemathesis';

/**
 * Where a valid request with an invalid event in it is accepted by design: the batches of the
 * sources that drop an invalid event and keep the rest (their SDKs drop a whole batch on a 400).
 */
const PARTIAL_BATCH_PATHS = SOURCES.filter((source) => source.invalidEvent === 'drop-event').flatMap((source) =>
  source.routes.filter((route) => 'field' in route.events).flatMap((route) => route.paths),
);

/** A random seed each run, printed: FUZZ_SEED=<seed> repeats a run. */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/**
 * The built apps, as processes: the OpenAPI documents they serve are the ones users get (the
 * build's Swagger plugin documents the answers).
 */
describe('fuzz: every HTTP API against its own OpenAPI document (schemathesis, every check)', () => {
  let platform: FaultPlatform;
  let query: RunningApp;
  beforeAll(async () => {
    platform = await FaultPlatform.start({ writers: 1 });
    query = await launchApp(testAppHome('query'), { app: 'query', env: platform.env, ...portVariablesOf('query'), readyPath: '/health' });
  }, 120_000);
  afterAll(async () => {
    await query?.process.stop();
    await platform?.stop();
  }, 60_000);

  async function expectAsDocumented(app: string, baseUrl: string, options: Partial<FuzzOptions>, minCases: number): Promise<void> {
    const run = await fuzzOpenApi(baseUrl, { maxExamples: 10, seed: SEED, timeoutMs: 600_000, ...options });
    process.stdout.write(`\n[fuzz] ${app}: ${run.cases} cases, seed ${SEED}\n`);
    if (run.exitCode !== 0) process.stdout.write(run.output);
    expect(run.exitCode).toBe(0);
    expect(run.cases).toBeGreaterThan(minCases);
  }

  it('the gateway answers every generated request as documented; then the writer is ready and new events count', async () => {
    await expectAsDocumented('gateway', platform.gatewayUrl, { exceptions: [{ check: 'negative_data_rejection', paths: PARTIAL_BATCH_PATHS }] }, 1000);
    expect((await postJson(`${platform.gatewayUrl}/events`, { name: 'after_fuzz', channel_type: 'web', event_id: 'after-fuzz-1' })).status).toBe(202);
    await waitForCount(platform, 'after_fuzz', 1);
    await waitForWriterCaughtUp(platform.env, 120_000);
    expect((await metricsOf(platform, { event_name: 'after_fuzz' })).total_count).toBe(1);
    for (const writer of platform.writers) expect((await send(`${writer.managementUrl}/ready`)).status).toBe(200);
  }, 700_000);

  it('the query app answers every generated request as documented', async () => {
    // A cursor's validity (made by the listing, for its sort) is no schema's: a well-formed one of another sort, or made up, is a 400 naming cursor.
    await expectAsDocumented('query', query.url, { exceptions: [{ check: 'positive_data_acceptance', paths: ['/events/list'] }] }, 100);
  }, 700_000);
});
