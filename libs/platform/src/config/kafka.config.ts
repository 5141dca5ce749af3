import { IsInt, IsNotEmpty, IsString, Matches, Max, Min } from 'class-validator';

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

  get brokers(): string[] {
    return this.KAFKA_BROKERS.split(',');
  }

  /** Where messages that are not valid events go, with the reason in their headers. */
  get deadLetterTopic(): string {
    return `${this.KAFKA_TOPIC}.dlq`;
  }
}
