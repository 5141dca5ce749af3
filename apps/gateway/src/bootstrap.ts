import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, Env, LogConfig, KafkaConfig, loadConfig } from '@tributary/platform';
import { corsOptionsOf } from './transport/cors';
import { readBodiesAsBytes } from './transport/raw-body-parser';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** Validates the configuration, then starts the gateway listening. */
export async function startGateway(env: Env): Promise<NestFastifyApplication> {
  const settings = { kafka: loadConfig(KafkaConfig, env), gateway: loadConfig(GatewayConfig, env) };
  const app = await createHttpApp(GatewayModule.forRoot(settings), {
    logLevels: loadConfig(LogConfig, env).levels,
    bodyLimitBytes: settings.gateway.GATEWAY_BODY_LIMIT_BYTES,
    ownBodyParsers: true,
    trustProxy: settings.gateway.GATEWAY_TRUST_PROXY,
    swagger: { title: 'Tributary gateway', description: 'HTTP events in: validated, enriched, and in Kafka before the answer.' },
  });
  readBodiesAsBytes(app.getHttpAdapter().getInstance());
  app.enableCors(corsOptionsOf(settings.gateway.GATEWAY_CORS_ORIGINS));
  await app.listen(settings.gateway.GATEWAY_PORT, settings.gateway.GATEWAY_HOST);
  return app;
}
