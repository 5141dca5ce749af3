import { PartitionLags } from './partition-lags';

describe('the lag of each partition of this member', () => {
  it('counts the messages from the committed offset up to the high watermark', () => {
    const lags = new PartitionLags();
    lags.record('events', 1, '120', '150');
    lags.record('events', 0, '9007199254740990', '9007199254740993');
    expect(lags.list()).toEqual([
      { topic: 'events', partition: 0, messages: 3 },
      { topic: 'events', partition: 1, messages: 30 },
    ]);
  });

  it('keeps the latest figure of a partition, and none below zero', () => {
    const lags = new PartitionLags();
    lags.record('events', 0, '100', '150');
    lags.record('events', 0, '151', '150');
    expect(lags.list()).toEqual([{ topic: 'events', partition: 0, messages: 0 }]);
  });

  it('forgets the partitions a rebalance gave to other members', () => {
    const lags = new PartitionLags();
    lags.record('events', 0, '1', '5');
    lags.record('events', 1, '1', '5');
    lags.record('other', 0, '1', '5');
    lags.keepOnly({ events: [1, 2] });
    expect(lags.list().map(({ topic, partition }) => `${topic}[${partition}]`)).toEqual(['events[1]']);
  });
});
