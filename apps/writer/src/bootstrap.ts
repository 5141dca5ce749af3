import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { ClickHouseConfig, createHttpApp, Env, LogConfig, KafkaConfig, listenWithManagement, loadConfig, MessageBatchTransport, SchemaConfig } from '@tributary/platform';
import { WriterConfig } from './writer.config';
import { WriterModule } from './writer.module';

/** Validates the configuration, migrates the schema (or checks it: CLICKHOUSE_MIGRATE=skip), then consumes as a Nest microservice; GET /metrics on its management port. */
export async function startWriter(env: Env): Promise<NestFastifyApplication> {
  const settings = {
    kafka: loadConfig(KafkaConfig, env),
    clickhouse: loadConfig(ClickHouseConfig, env),
    schema: loadConfig(SchemaConfig, env),
    writer: loadConfig(WriterConfig, env),
  };
  const app = await createHttpApp(WriterModule.forRoot(settings), { logLevels: loadConfig(LogConfig, env).levels });
  app.connectMicroservice({ strategy: app.get(MessageBatchTransport) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  const { WRITER_PORT, WRITER_HOST, WRITER_MANAGEMENT_PORT, WRITER_MANAGEMENT_HOST } = settings.writer;
  await listenWithManagement(app, { port: WRITER_PORT, host: WRITER_HOST }, { port: WRITER_MANAGEMENT_PORT, host: WRITER_MANAGEMENT_HOST });
  Logger.log(`consuming ${settings.kafka.KAFKA_TOPIC} as group ${settings.writer.WRITER_GROUP_ID}`, 'writer');
  return app;
}
