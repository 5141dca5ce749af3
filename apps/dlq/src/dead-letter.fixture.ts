import { DEAD_LETTER_HEADERS, EVENT_MESSAGE_CONTENT_TYPE } from '@tributary/contracts';
import { BatchHandler, InboundMessage, TopicReader } from '@tributary/platform';

/** For the unit specs: a dead letter of a validation failure at `<partition>:<offset>`; `headers` add to or replace its own. */
export function deadLetterMessage(position: string, headers: Record<string, string> = {}): InboundMessage {
  const [partition, offset] = position.split(':');
  return {
    partition: Number(partition),
    offset,
    key: Buffer.from(`key-${position}`),
    value: Buffer.from('{"v":1,"event":{"name":"page_view","channel_type":"web"}}'),
    headers: {
      'content-type': EVENT_MESSAGE_CONTENT_TYPE,
      [DEAD_LETTER_HEADERS.reason]: 'event.user_id must be at most 256 characters',
      [DEAD_LETTER_HEADERS.source]: 'tributary.events/1/42',
      [DEAD_LETTER_HEADERS.at]: '2025-11-28T10:15:02.113Z',
      [DEAD_LETTER_HEADERS.stage]: 'validation',
      ...headers,
    },
    timestamp: new Date('2025-11-28T10:15:02.200Z'),
  };
}

/** A TopicReader over these messages, a batch per partition; `topics` records what was read. */
export class FakeTopicReader extends TopicReader {
  readonly topics: string[] = [];

  constructor(private readonly messages: InboundMessage[]) {
    super();
  }

  async read(topic: string, handle: BatchHandler): Promise<void> {
    this.topics.push(topic);
    for (const partition of new Set(this.messages.map((m) => m.partition))) {
      await handle({ topic, partition, messages: this.messages.filter((m) => m.partition === partition) });
    }
  }
}

/** Collects what a command prints. */
export function recordingOutput(): { out: (line: string) => void; err: (line: string) => void; lines: { out: string[]; err: string[] } } {
  const lines = { out: [] as string[], err: [] as string[] };
  return { out: (line) => lines.out.push(line), err: (line) => lines.err.push(line), lines };
}
