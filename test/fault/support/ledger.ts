import { TributaryEvent, tributaryIdOf } from '@tributary/contracts';
import { randomUUID } from 'node:crypto';

const CHANNELS = ['web', 'mobile', 'desktop', 'tv', 'console', 'other'] as const;

/** The user of the events a scenario makes ClickHouse refuse: never sent otherwise. */
export const REFUSED_USER = 'refused-by-clickhouse';

/**
 * What the harness sent and what was promised: every event has an id the harness knows
 * without an answer (an event_id, or a client timestamp that keys its content), so an event
 * that was sent but never acknowledged can still be told from one nobody sent.
 */
export class Ledger {
  /** Ids of every event that left the harness, acknowledged or not. */
  readonly sent = new Set<string>();
  /** Ids of the events whose send was acknowledged (2xx from the gateway, or Kafka's ack). */
  readonly acknowledged = new Set<string>();
  copiesSent = 0;
  copiesAcknowledged = 0;
  poisonSent = 0;
  /** Ids of valid events the harness made ClickHouse refuse (REFUSED_USER), acknowledged by the gateway. */
  readonly refusedAcknowledged = new Set<string>();
  readonly answers = new Map<string, number>();
  private readonly history: TributaryEvent[] = [];
  private sequence = 0;

  constructor(readonly eventName: string) {}

  /** A new event: two in three carry an event_id, the others are keyed by their content. */
  newEvent(): TributaryEvent {
    const n = this.sequence++;
    const event: TributaryEvent = {
      name: this.eventName,
      channel_type: CHANNELS[n % CHANNELS.length],
      user_id: `user-${n % 97}`,
      ...(n % 3 === 2
        ? { timestamp: 1_705_314_600 + n / 1000, event_params: [{ key: 'seq', number_value: n }] }
        : { event_id: randomUUID() }),
    };
    this.history.push(event);
    return event;
  }

  /** A valid event that ClickHouse refuses once the scenario has added its constraint on REFUSED_USER. */
  refusedEvent(): TributaryEvent {
    return { name: this.eventName, channel_type: 'web', user_id: REFUSED_USER, event_id: randomUUID() };
  }

  /** A copy of an event sent before: as it was, or (event_id) with another channel. */
  duplicate(): TributaryEvent {
    const original = this.history[Math.floor(Math.random() * this.history.length)] ?? this.newEvent();
    if (original.event_id && Math.random() < 0.5) return { ...original, channel_type: 'other' };
    return original;
  }

  idOf(event: TributaryEvent): string {
    const id = tributaryIdOf(event);
    if (!id) throw new Error('ledger events always have a dedup key');
    return id;
  }

  recordSent(events: TributaryEvent[]): void {
    const counted = events.filter((event) => event.user_id !== REFUSED_USER);
    this.copiesSent += counted.length;
    for (const event of counted) this.sent.add(this.idOf(event));
  }

  recordAcknowledged(events: TributaryEvent[]): void {
    for (const event of events) {
      if (event.user_id === REFUSED_USER) {
        this.refusedAcknowledged.add(this.idOf(event));
        continue;
      }
      this.copiesAcknowledged++;
      this.acknowledged.add(this.idOf(event));
    }
  }

  recordAnswer(answer: string): void {
    this.answers.set(answer, (this.answers.get(answer) ?? 0) + 1);
  }
}
