import { canonicalEventOf, encodeEventMessage, TRIBUTARY_SOURCE, TributaryEvent } from '@tributary/contracts';
import { Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { testKafka } from '../../support/kafka-probe';
import { FaultPlatform } from './fault-platform';
import { Ledger } from './ledger';

export interface TrafficOptions {
  /** Concurrent senders to the gateway. */
  senders?: number;
  eventsPerRequest?: number;
  /** Pause between a sender's requests. */
  pauseMs?: number;
  /** Interleave messages that are not valid events, produced straight to the topic. */
  poison?: boolean;
  /** Put one valid event that ClickHouse refuses (Ledger.refusedEvent) in every request. */
  refusedByClickHouse?: boolean;
}

const POISON = ['not json', '{"v":1,"event":{"name":"","channel_type":"fax"}}', '{"v":7,"event":{}}'];

/**
 * Load that keeps flowing while a fault is injected: batches through the gateway, with copies
 * of earlier events among them, and messages produced straight to Kafka, some of them twice.
 */
export class Traffic {
  private running = true;
  private readonly loops: Promise<void>[] = [];
  private producer?: Producer;

  constructor(private readonly platform: FaultPlatform, readonly ledger: Ledger, private readonly options: TrafficOptions = {}) {}

  async start(): Promise<this> {
    this.producer = testKafka(this.platform.env).producer({ retry: { retries: 2 } });
    await this.producer.connect();
    for (let i = 0; i < (this.options.senders ?? 2); i++) this.loops.push(this.sendLoop());
    this.loops.push(this.produceLoop());
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await this.producer?.disconnect();
  }

  private async sendLoop(): Promise<void> {
    while (this.running) {
      const events = Array.from({ length: this.options.eventsPerRequest ?? 10 }, (_, i) => (i % 5 === 4 ? this.ledger.duplicate() : this.ledger.newEvent()));
      if (this.options.refusedByClickHouse) events.splice(Math.floor(Math.random() * events.length), 0, this.ledger.refusedEvent());
      await this.post(events);
      await sleep(this.options.pauseMs ?? 50);
    }
  }

  private async post(events: TributaryEvent[]): Promise<void> {
    this.ledger.recordSent(events);
    try {
      const response = await fetch(`${this.platform.gatewayUrl}/events/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
        signal: AbortSignal.timeout(15_000),
      });
      await response.arrayBuffer();
      this.ledger.recordAnswer(String(response.status));
      if (response.ok) this.ledger.recordAcknowledged(events);
    } catch (error) {
      this.ledger.recordAnswer((error as Error).name);
      await sleep(100);
    }
  }

  /** The same message produced twice, and poison among good messages. */
  private async produceLoop(): Promise<void> {
    while (this.running) {
      const event = this.ledger.newEvent();
      const receivedAt = new Date();
      const message = encodeEventMessage({ receivedAt, event: { ...canonicalEventOf(TRIBUTARY_SOURCE, event, { receivedAt }), id: this.ledger.idOf(event) } });
      const messages = [message, message, ...(this.options.poison ? [{ key: null, value: POISON[this.ledger.poisonSent % POISON.length] }] : [])];
      this.ledger.recordSent([event, event]);
      try {
        await this.producer!.send({ topic: String(this.platform.env.KAFKA_TOPIC), messages, acks: -1 });
        this.ledger.recordAcknowledged([event, event]);
        if (this.options.poison) this.ledger.poisonSent++;
      } catch {
        this.ledger.recordAnswer('direct produce failed');
      }
      await sleep(200);
    }
  }
}
