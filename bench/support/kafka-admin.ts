import { Admin, Kafka, logLevel } from 'kafkajs';

/** The bench's own view of the broker: topics, ends of partitions, a group's committed offsets. */
export class KafkaAdmin {
  private constructor(private readonly admin: Admin) {}

  static async connect(brokers: string): Promise<KafkaAdmin> {
    const admin = new Kafka({ clientId: 'bench-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    return new KafkaAdmin(admin);
  }

  async createTopic(topic: string, partitions: number): Promise<void> {
    await this.admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  }

  /** Partition → high-water mark (the offset the next message will get). */
  async ends(topic: string): Promise<Map<number, bigint>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((p) => [p.partition, BigInt(p.high)]));
  }

  /** Partition → the group's next offset to read (0 when nothing is committed). */
  async committed(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const [offsets] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map(offsets.partitions.map((p) => [p.partition, p.offset === '-1' ? 0n : BigInt(p.offset)]));
  }

  /** Positions a group that has no members yet: it will start reading at these offsets. */
  async placeGroup(groupId: string, topic: string, offsets: Map<number, bigint>): Promise<void> {
    await this.admin.setOffsets({ groupId, topic, partitions: [...offsets].map(([partition, offset]) => ({ partition, offset: String(offset) })) });
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }
}
