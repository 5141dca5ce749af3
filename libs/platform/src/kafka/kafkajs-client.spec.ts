import { Logger } from '@nestjs/common';
import { KafkaConfig } from '../config/kafka.config';
import { loadConfig } from '../config/load-config';
import { createKafka } from './kafkajs-client';

describe('createKafka', () => {
  afterEach(() => jest.restoreAllMocks());

  it('warns loudly, once per client, when the broker certificate is not verified', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    createKafka(loadConfig(KafkaConfig, { KAFKA_TLS: 'true', KAFKA_TLS_REJECT_UNAUTHORIZED: 'false' }), 'gateway');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/KAFKA_TLS_REJECT_UNAUTHORIZED=false: the gateway's Kafka client accepts ANY broker certificate/);
  });

  it('says nothing when it verifies', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    createKafka(loadConfig(KafkaConfig, { KAFKA_TLS: 'true' }), 'gateway');
    createKafka(loadConfig(KafkaConfig, {}), 'writer');
    expect(warn).not.toHaveBeenCalled();
  });
});
