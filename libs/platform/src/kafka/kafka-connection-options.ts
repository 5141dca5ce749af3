import { SASLOptions } from 'kafkajs';
import { readFileSync } from 'node:fs';
import { ConnectionOptions } from 'node:tls';
import { KafkaConfig } from '../config/kafka.config';

export interface KafkaConnectionOptions {
  sasl?: SASLOptions;
  ssl?: ConnectionOptions | true;
}

export type ReadTextFile = (path: string) => string;

const readTextFile: ReadTextFile = (path) => readFileSync(path, 'utf8');

/**
 * kafkajs's `sasl` and `ssl` options from the configuration: nothing for a PLAINTEXT listener,
 * `ssl: true` for TLS with the system's CAs, TLS options when a CA, a client certificate or
 * rejectUnauthorized=false is set. The files were checked at boot (KafkaConfig); they are read
 * here, once per client.
 */
export function kafkaConnectionOptions(config: KafkaConfig, readFile: ReadTextFile = readTextFile): KafkaConnectionOptions {
  return { ...saslOptions(config), ...sslOptions(config, readFile) };
}

function saslOptions(config: KafkaConfig): Pick<KafkaConnectionOptions, 'sasl'> {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  switch (mechanism) {
    case 'none':
      return {};
    case 'plain':
      return { sasl: { mechanism, username, password } };
    case 'scram-sha-256':
      return { sasl: { mechanism, username, password } };
    case 'scram-sha-512':
      return { sasl: { mechanism, username, password } };
  }
}

function sslOptions(config: KafkaConfig, readFile: ReadTextFile): Pick<KafkaConnectionOptions, 'ssl'> {
  if (!config.KAFKA_TLS) return {};
  const ssl: ConnectionOptions = {};
  if (config.KAFKA_TLS_CA_FILE) ssl.ca = [readFile(config.KAFKA_TLS_CA_FILE)];
  if (config.KAFKA_TLS_CERT_FILE) ssl.cert = readFile(config.KAFKA_TLS_CERT_FILE);
  if (config.KAFKA_TLS_KEY_FILE) ssl.key = readFile(config.KAFKA_TLS_KEY_FILE);
  if (!config.KAFKA_TLS_REJECT_UNAUTHORIZED) ssl.rejectUnauthorized = false;
  return { ssl: Object.keys(ssl).length === 0 ? true : ssl };
}
