import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClickHouseConfig, createHttpApp, Env, LogConfig, KafkaConfig, loadConfig } from '@tributary/platform';
import { WriterConfig } from './writer.config';
import { WriterModule } from './writer.module';

/** Validates the configuration, migrates the schema, then consumes; GET /metrics on its port. */
export async function startWriter(env: Env): Promise<NestFastifyApplication> {
  const settings = {
    kafka: loadConfig(KafkaConfig, env),
    clickhouse: loadConfig(ClickHouseConfig, env),
    writer: loadConfig(WriterConfig, env),
  };
  const app = await createHttpApp(WriterModule.forRoot(settings), { logLevels: loadConfig(LogConfig, env).levels });
  await app.listen(settings.writer.WRITER_PORT, settings.writer.WRITER_HOST);
  return app;
}
