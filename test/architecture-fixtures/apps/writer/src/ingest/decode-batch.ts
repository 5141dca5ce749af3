import { Kafka } from 'kafkajs';

export const breach = Kafka;
