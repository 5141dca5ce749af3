import { KafkaConfig } from '../config/kafka.config';
import { loadConfig } from '../config/load-config';
import { kafkaConnectionOptions } from './kafka-connection-options';

/** Reads nothing from disk: a path reads as "<content of path>". The files' checks are KafkaConfig's. */
const fakeRead = (path: string) => `<content of ${path}>`;

function configOf(settings: Partial<KafkaConfig>): KafkaConfig {
  // Files are checked at load; here the values are set after it, as the builder sees them.
  return Object.assign(loadConfig(KafkaConfig, {}), settings);
}

describe('kafkaConnectionOptions', () => {
  it('adds nothing for a PLAINTEXT listener', () => {
    expect(kafkaConnectionOptions(configOf({}), fakeRead)).toEqual({});
  });

  it('passes the mechanism, username and password to SASL', () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const config = configOf({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD: 's3cret' });
      expect(kafkaConnectionOptions(config, fakeRead)).toEqual({ sasl: { mechanism, username: 'alice', password: 's3cret' } });
    }
  });

  it('turns TLS on with the system CAs when no file is set', () => {
    expect(kafkaConnectionOptions(configOf({ KAFKA_TLS: true }), fakeRead)).toEqual({ ssl: true });
  });

  it('trusts the given CA, presents the client certificate and key, and keeps verifying by default', () => {
    const config = configOf({ KAFKA_TLS: true, KAFKA_TLS_CA_FILE: '/ca.pem', KAFKA_TLS_CERT_FILE: '/client.crt', KAFKA_TLS_KEY_FILE: '/client.key' });
    expect(kafkaConnectionOptions(config, fakeRead)).toEqual({
      ssl: { ca: ['<content of /ca.pem>'], cert: '<content of /client.crt>', key: '<content of /client.key>' },
    });
  });

  it('stops verifying the broker only when told to', () => {
    expect(kafkaConnectionOptions(configOf({ KAFKA_TLS: true, KAFKA_TLS_REJECT_UNAUTHORIZED: false }), fakeRead)).toEqual({ ssl: { rejectUnauthorized: false } });
  });

  it('combines SASL and TLS (SASL_SSL, as managed Kafka services offer)', () => {
    const config = configOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'key', KAFKA_SASL_PASSWORD: 'secret', KAFKA_TLS: true });
    expect(kafkaConnectionOptions(config, fakeRead)).toEqual({ sasl: { mechanism: 'plain', username: 'key', password: 'secret' }, ssl: true });
  });
});
