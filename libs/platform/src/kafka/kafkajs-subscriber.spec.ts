import { Kafka } from 'kafkajs';
import { KafkajsSubscriber } from './kafkajs-subscriber';

/** A kafkajs consumer that connects to nothing; `emit` plays the group's instrumentation events. */
function fakeConsumer() {
  const listeners = new Map<string, ((event: { payload: unknown }) => void)[]>();
  const consumer = {
    events: { GROUP_JOIN: 'consumer.group_join', REBALANCING: 'consumer.rebalancing', STOP: 'consumer.stop', CRASH: 'consumer.crash' },
    on: (event: string, listener: (event: { payload: unknown }) => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async () => undefined,
    disconnect: async () => undefined,
  };
  const emit = (event: string, payload: unknown = {}) => listeners.get(event)?.forEach((listener) => listener({ payload }));
  return { consumer, emit };
}

describe('KafkajsSubscriber: the partitions the group assigns this member', () => {
  it('holds what the last group join assigned, and nothing while the group rebalances or once stopped', async () => {
    const { consumer, emit } = fakeConsumer();
    const subscriber = new KafkajsSubscriber({ consumer: () => consumer } as unknown as Kafka);
    const options = { topic: 'events', groupId: 'writer', minBatchBytes: 1, maxBatchWaitMs: 100, maxBatchBytes: 1024, sessionTimeoutMs: 10_000, partitionsInFlight: 1 };
    await subscriber.start(options, async () => undefined);
    expect(subscriber.assignedPartitions('events')).toEqual([]);

    emit('consumer.group_join', { memberAssignment: { events: [0, 2], 'events.dlq': [1] } });
    expect([subscriber.assignedPartitions('events'), subscriber.assignedPartitions('events.dlq')]).toEqual([[0, 2], [1]]);

    emit('consumer.rebalancing');
    expect(subscriber.assignedPartitions('events')).toEqual([]);
    emit('consumer.group_join', { memberAssignment: { events: [1] } });
    expect(subscriber.assignedPartitions('events')).toEqual([1]);

    emit('consumer.stop');
    expect(subscriber.assignedPartitions('events')).toEqual([]);
  });
});
