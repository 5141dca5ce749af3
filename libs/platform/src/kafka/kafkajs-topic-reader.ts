import { randomUUID } from 'node:crypto';
import { Batch, Consumer, Kafka } from 'kafkajs';
import { toInbound } from './kafkajs-inbound';
import { BatchHandler } from './message-bus';
import { TopicReader } from './topic-reader';

/**
 * kafkajs behind the TopicReader port. It asks for each partition's end first, then reads from
 * the beginning with a consumer of its own throwaway group (kafkajs fetches only through a
 * group), which commits nothing, and stops once every partition is read up to the end it had.
 */
export class KafkajsTopicReader extends TopicReader {
  /** `groupPrefix`: the throwaway groups are named `<groupPrefix>-<random UUID>`. */
  constructor(private readonly kafka: Kafka, private readonly groupPrefix: string) {
    super();
  }

  async read(topic: string, handle: BatchHandler): Promise<void> {
    const ends = await this.endsOf(topic);
    if (ends.size === 0) return;
    const consumer = this.kafka.consumer({ groupId: `${this.groupPrefix}-${randomUUID()}`, allowAutoTopicCreation: false });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new TopicScan(ends, handle).run(consumer);
    } finally {
      await consumer.disconnect();
    }
  }

  /** The offset after the last message of each partition that has messages, now. */
  private async endsOf(topic: string): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      if (!(await admin.listTopics()).includes(topic)) throw new Error(`topic ${topic} does not exist`);
      const offsets = await admin.fetchTopicOffsets(topic);
      return new Map(offsets.filter(({ low, high }) => BigInt(high) > BigInt(low)).map(({ partition, high }) => [partition, BigInt(high)]));
    } finally {
      await admin.disconnect();
    }
  }
}

/** One read of a topic up to fixed ends; every message is handed over once, even if kafkajs fetches it again. */
class TopicScan {
  /** Per partition, the first offset not handed over yet. */
  private readonly next = new Map<number, bigint>();
  private readonly unfinished: Set<number>;
  private settled = false;

  constructor(private readonly ends: Map<number, bigint>, private readonly handle: BatchHandler) {
    this.unfinished = new Set(ends.keys());
  }

  run(consumer: Consumer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const settle = (error?: unknown) => {
        if (this.settled) return;
        this.settled = true;
        if (error === undefined) resolve();
        else reject(error);
      };
      // Also emitted for batches of control records only, which eachBatch never sees.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (BigInt(payload.lastOffset) + 1n >= (this.ends.get(payload.partition) ?? 0n)) this.unfinished.delete(payload.partition);
        if (this.unfinished.size === 0) settle();
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => settle(payload.error));
      consumer.run({ autoCommit: false, eachBatch: ({ batch }) => this.handOver(batch).catch(settle) }).catch(settle);
    });
  }

  private async handOver(batch: Batch): Promise<void> {
    const from = this.next.get(batch.partition) ?? 0n;
    const end = this.ends.get(batch.partition) ?? 0n;
    const fresh = batch.messages.filter(({ offset }) => BigInt(offset) >= from && BigInt(offset) < end);
    if (this.settled || fresh.length === 0) return;
    await this.handle({ topic: batch.topic, partition: batch.partition, messages: fresh.map((m) => toInbound(batch.partition, m)) });
    this.next.set(batch.partition, BigInt(fresh[fresh.length - 1].offset) + 1n);
  }
}
