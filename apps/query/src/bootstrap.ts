import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { announceAccess, AuthConfig, ClickHouseConfig, createHttpApp, Env, limitRequestRates, listenWithManagement, loadAccess, LogConfig, loadConfig, SchemaConfig } from '@tributary/platform';
import { QueryConfig } from './query.config';
import { QueryModule } from './query.module';

/** Any one of them: Bearer, or X-Read-Key. */
const READ_KEY_SECURITY: Array<Record<string, string[]>> = [{ readKey: [] }, { readKeyHeader: [] }];

/** Validates the configuration, then serves metrics from ClickHouse. */
export async function startQuery(env: Env): Promise<NestFastifyApplication> {
  const clickhouse = loadConfig(ClickHouseConfig, env);
  const schema = loadConfig(SchemaConfig, env);
  const config = loadConfig(QueryConfig, env);
  const loaded = loadAccess(loadConfig(AuthConfig, env));
  const app = await createHttpApp(QueryModule.forRoot(clickhouse, loaded.access, schema), {
    logLevels: loadConfig(LogConfig, env).levels,
    trustProxy: config.QUERY_TRUST_PROXY,
    swagger: {
      title: 'Tributary query',
      description:
        "Exact metrics out: counts and unique users, grouped by channel, day or hour. With TRIBUTARY_AUTH=keys every read needs the project's read (or admin) key, `Authorization: Bearer <key>` or X-Read-Key, and sees that project's events only.",
      securitySchemes: {
        readKey: { type: 'http', scheme: 'bearer', description: "The project's read (or admin) key. Required when TRIBUTARY_AUTH=keys." },
        readKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Read-Key', description: 'The same key, for clients whose Authorization header is taken.' },
      },
      securityOf: loaded.access.mode === 'keys' ? () => READ_KEY_SECURITY : undefined,
    },
  });
  announceAccess('query app', loaded, 'read');
  await limitRequestRates(app, [{ reason: 'per_ip', max: config.QUERY_RATE_LIMIT_PER_IP, windowMs: config.QUERY_RATE_LIMIT_WINDOW_MS }]);
  await listenWithManagement(app, { port: config.QUERY_PORT, host: config.QUERY_HOST }, { port: config.QUERY_MANAGEMENT_PORT, host: config.QUERY_MANAGEMENT_HOST });
  return app;
}
