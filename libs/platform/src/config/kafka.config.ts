import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';
import { IsPemFile, OnlyWhen, RequiredWhen, SetTogetherWith } from './file-setting';
import { IsSecret } from './secret-setting';

export const KAFKA_SASL_MECHANISMS = ['none', 'plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

// An unknown mechanism is refused by itself: no more errors about its username and password.
const usesSasl = (config: Record<string, unknown>) => config.KAFKA_SASL_MECHANISM !== 'none';
const needsCredentials = (config: Record<string, unknown>) => usesSasl(config) && KAFKA_SASL_MECHANISMS.some((known) => known === config.KAFKA_SASL_MECHANISM);
const usesTls = (config: Record<string, unknown>) => config.KAFKA_TLS === true;
const SASL_SET = 'KAFKA_SASL_MECHANISM is plain, scram-sha-256 or scram-sha-512';
const TLS_ON = 'KAFKA_TLS=true';

export class KafkaConfig {
  /** Comma-separated host:port list of the Kafka bootstrap brokers. */
  @Matches(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port...]' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** The topic events are published to and consumed from. */
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]{1,200}$/, { message: 'KAFKA_TOPIC must be 1-200 of [a-zA-Z0-9._-]' })
  KAFKA_TOPIC = 'tributary.events';

  /** Partitions of the events topic when the platform creates it. */
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS = 4;

  /** Prefix of the client id every app reports to Kafka. */
  @IsString()
  @IsNotEmpty()
  KAFKA_CLIENT_ID = 'tributary';

  /** SASL authentication: none, plain, scram-sha-256 or scram-sha-512 (any case). */
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(KAFKA_SASL_MECHANISMS, { message: `KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}` })
  KAFKA_SASL_MECHANISM: KafkaSaslMechanism = 'none';

  @RequiredWhen(needsCredentials, SASL_SET)
  @OnlyWhen(usesSasl, SASL_SET)
  KAFKA_SASL_USERNAME = '';

  /** Also from the file KAFKA_SASL_PASSWORD_FILE names (a mounted Secret). */
  @IsSecret()
  @RequiredWhen(needsCredentials, SASL_SET)
  @OnlyWhen(usesSasl, SASL_SET)
  KAFKA_SASL_PASSWORD = '';

  /** TLS to the brokers (SSL or SASL_SSL listeners). */
  @IsBoolean({ message: 'KAFKA_TLS must be true or false' })
  KAFKA_TLS = false;

  /** PEM bundle of the CAs that sign the brokers' certificates; the system's CAs when unset. */
  @IsPemFile()
  @OnlyWhen(usesTls, TLS_ON)
  KAFKA_TLS_CA_FILE = '';

  /** PEM client certificate, for brokers that require one (mutual TLS). */
  @IsPemFile()
  @SetTogetherWith('KAFKA_TLS_KEY_FILE')
  @OnlyWhen(usesTls, TLS_ON)
  KAFKA_TLS_CERT_FILE = '';

  /** PEM private key of the client certificate. */
  @IsPemFile()
  @SetTogetherWith('KAFKA_TLS_CERT_FILE')
  @OnlyWhen(usesTls, TLS_ON)
  KAFKA_TLS_KEY_FILE = '';

  /** false accepts any broker certificate: anyone on the path can read and change the traffic. */
  @IsBoolean({ message: 'KAFKA_TLS_REJECT_UNAUTHORIZED must be true or false' })
  @OnlyWhen(usesTls, TLS_ON, true)
  KAFKA_TLS_REJECT_UNAUTHORIZED = true;

  get brokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }

  /** Where messages that are not valid events go, with the reason in their headers. */
  get deadLetterTopic(): string {
    return `${this.KAFKA_TOPIC}.dlq`;
  }
}
