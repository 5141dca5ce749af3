import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { announceAccess, AuthConfig, createHttpApp, Env, LogConfig, KafkaConfig, limitRequestRates, listenWithManagement, loadAccess, loadConfig } from '@tributary/platform';
import { WRITE_KEY_NOTE, WRITE_KEY_SCHEMES, writeKeySecurityOf } from './auth/write-key-docs';
import { corsOptionsOf } from './transport/cors';
import { gatewayRateLimits, isIngestionRequest } from './transport/rate-limits';
import { readBodiesAsBytes } from './transport/raw-body-parser';
import { forwardReads, READ_FORWARDING_NOTE } from './transport/read-forwarding';
import { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

/** Validates the configuration, then starts the gateway listening. */
export async function startGateway(env: Env): Promise<NestFastifyApplication> {
  const kafka = loadConfig(KafkaConfig, env);
  const gateway = loadConfig(GatewayConfig, env);
  const loaded = loadAccess(loadConfig(AuthConfig, env));
  const settings = { kafka, gateway, access: loaded.access };
  const logLevels = loadConfig(LogConfig, env).levels;
  const readsUrl = settings.gateway.GATEWAY_READS_URL;
  const description = `HTTP events in: validated, enriched, and in Kafka before the answer. ${WRITE_KEY_NOTE}`;
  const keysOn = loaded.access.mode === 'keys';
  const app = await createHttpApp(GatewayModule.forRoot(settings), {
    logLevels,
    bodyLimitBytes: settings.gateway.GATEWAY_BODY_LIMIT_BYTES,
    ownBodyParsers: true,
    trustProxy: settings.gateway.GATEWAY_TRUST_PROXY,
    swagger: {
      title: 'Tributary gateway',
      description: readsUrl ? `${description} ${READ_FORWARDING_NOTE}` : description,
      securitySchemes: WRITE_KEY_SCHEMES,
      securityOf: keysOn ? writeKeySecurityOf : undefined,
    },
  });
  announceAccess('gateway', loaded, 'write');
  const fastify = app.getHttpAdapter().getInstance();
  readBodiesAsBytes(fastify);
  if (readsUrl) await forwardReads(fastify, readsUrl);
  app.enableCors(corsOptionsOf(settings.gateway.GATEWAY_CORS_ORIGINS));
  await limitRequestRates(app, gatewayRateLimits(settings.gateway), isIngestionRequest);
  const { GATEWAY_PORT, GATEWAY_HOST, GATEWAY_MANAGEMENT_PORT, GATEWAY_MANAGEMENT_HOST } = settings.gateway;
  await listenWithManagement(app, { port: GATEWAY_PORT, host: GATEWAY_HOST }, { port: GATEWAY_MANAGEMENT_PORT, host: GATEWAY_MANAGEMENT_HOST });
  return app;
}
