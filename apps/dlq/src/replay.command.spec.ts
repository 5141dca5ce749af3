import { DEAD_LETTER_HEADERS, REPLAY_OF_HEADER } from '@tributary/contracts';
import { MessagePublisher, OutboundMessage } from '@tributary/platform';
import { deadLetterMessage, FakeTopicReader, recordingOutput } from './dead-letter.fixture';
import { replayDeadLetters } from './replay.command';
import { Selection } from './selection';

class FakePublisher extends MessagePublisher {
  readonly sent: Array<{ topic: string; messages: OutboundMessage[] }> = [];
  failAfter = Infinity;

  async publish(topic: string, messages: OutboundMessage[]): Promise<void> {
    if (this.sent.length >= this.failAfter) throw new Error('broker gone');
    this.sent.push({ topic, messages });
  }

  async disconnect(): Promise<void> {}

  problem(): string | undefined {
    return undefined;
  }

  queueDepth(): number {
    return 0;
  }
}

const topics = { deadLetters: 'tributary.events.dlq', events: 'tributary.events' };
const letters = [
  deadLetterMessage('0:0'),
  deadLetterMessage('0:1', { [DEAD_LETTER_HEADERS.reason]: 'ClickHouse refused the row', [DEAD_LETTER_HEADERS.source]: 'tributary.events/0/9' }),
  deadLetterMessage('1:0', { [DEAD_LETTER_HEADERS.source]: 'tributary.events/1/3' }),
];

async function replay(selection: Selection, publisher = new FakePublisher()) {
  const output = recordingOutput();
  await replayDeadLetters({ reader: new FakeTopicReader(letters), publisher }, topics, selection, output);
  return { sent: publisher.sent.flatMap((send) => send.messages.map((message) => ({ topic: send.topic, message }))), out: output.lines.out };
}

describe('replayDeadLetters', () => {
  it('--all publishes every dead letter to the events topic, marked with its original place', async () => {
    const { sent, out } = await replay({});
    expect(sent.map(({ topic }) => topic)).toEqual(['tributary.events', 'tributary.events', 'tributary.events']);
    expect(sent.map(({ message }) => message.headers?.[REPLAY_OF_HEADER])).toEqual(['tributary.events/1/42', 'tributary.events/0/9', 'tributary.events/1/3']);
    expect(sent[0].message).toMatchObject({ key: letters[0].key, value: letters[0].value });
    expect(out.map((line) => line.split('  ')[0])).toEqual(['replayed 0:0', 'replayed 0:1', 'replayed 1:0', '3 dead letters replayed to tributary.events']);
  });

  it('by position', async () => {
    const { sent, out } = await replay({ positions: new Set(['1:0']) });
    expect(sent.map(({ message }) => message.key?.toString())).toEqual(['key-1:0']);
    expect(out.at(-1)).toBe('1 dead letter replayed to tributary.events');
  });

  it('by reason', async () => {
    const { sent } = await replay({ reason: 'clickhouse' });
    expect(sent.map(({ message }) => message.key?.toString())).toEqual(['key-0:1']);
  });

  it('publishes nothing when a position is not in the dead-letter topic, naming it', async () => {
    const publisher = new FakePublisher();
    await expect(replay({ positions: new Set(['0:1', '7:7', '0:9']) }, publisher)).rejects.toThrow(
      'not in tributary.events.dlq: 7:7, 0:9; nothing replayed',
    );
    expect(publisher.sent).toEqual([]);
  });

  it('says how many were replayed when Kafka fails midway', async () => {
    const publisher = new FakePublisher();
    publisher.failAfter = 0;
    await expect(replay({}, publisher)).rejects.toThrow('replayed 0 of 3 dead letters to tributary.events, then Kafka failed: broker gone');
  });
});
