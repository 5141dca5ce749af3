import { MessagePublisher, TopicReader } from '@tributary/platform';
import { DeadLetter, deadLetterOf, replayMessage } from './dead-letter';
import { countOf, textLine } from './list-format';
import { Output } from './output';
import { inChunks } from './publish-chunks';
import { missingPositions, Selection, selects } from './selection';

export interface ReplayTopics {
  deadLetters: string;
  events: string;
}

/** Half the broker's default message.max.bytes: the most one send carries. */
const MAX_SEND_BYTES = 512 * 1024;

/**
 * Re-publishes the selected dead letters to the events topic, printing each once Kafka has
 * acknowledged it. A selected position that is not in the dead-letter topic fails the whole
 * replay before anything is published.
 */
export async function replayDeadLetters(
  { reader, publisher }: { reader: TopicReader; publisher: MessagePublisher },
  topics: ReplayTopics,
  selection: Selection,
  output: Output,
): Promise<void> {
  const chosen: DeadLetter[] = [];
  await reader.read(topics.deadLetters, async ({ messages }) => {
    chosen.push(...messages.map(deadLetterOf).filter((letter) => selects(selection, letter)));
  });
  const missing = missingPositions(selection, chosen);
  if (missing.length > 0) throw new Error(`not in ${topics.deadLetters}: ${missing.join(', ')}; nothing replayed`);
  let replayed = 0;
  for (const chunk of inChunks(chosen.map(replayMessage), MAX_SEND_BYTES)) {
    try {
      await publisher.publish(topics.events, chunk);
    } catch (error) {
      throw new Error(`replayed ${replayed} of ${countOf(chosen.length)} to ${topics.events}, then Kafka failed: ${(error as Error).message}`);
    }
    chosen.slice(replayed, replayed + chunk.length).forEach((letter) => output.out(`replayed ${textLine(letter)}`));
    replayed += chunk.length;
  }
  output.out(`${countOf(replayed)} replayed to ${topics.events}`);
}
