import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClickHouseConfig, createHttpApp, Env, limitRequestRates, listenWithManagement, LogConfig, loadConfig } from '@tributary/platform';
import { QueryConfig } from './query.config';
import { QueryModule } from './query.module';

/** Validates the configuration, then serves metrics from ClickHouse. */
export async function startQuery(env: Env): Promise<NestFastifyApplication> {
  const clickhouse = loadConfig(ClickHouseConfig, env);
  const config = loadConfig(QueryConfig, env);
  const app = await createHttpApp(QueryModule.forRoot(clickhouse), {
    logLevels: loadConfig(LogConfig, env).levels,
    swagger: { title: 'Tributary query', description: 'Exact metrics out: counts and unique users, grouped by channel, day or hour.' },
  });
  await limitRequestRates(app, [{ reason: 'per_ip', max: config.QUERY_RATE_LIMIT_PER_IP, windowMs: config.QUERY_RATE_LIMIT_WINDOW_MS }]);
  await listenWithManagement(app, { port: config.QUERY_PORT, host: config.QUERY_HOST }, { port: config.QUERY_MANAGEMENT_PORT, host: config.QUERY_MANAGEMENT_HOST });
  return app;
}
