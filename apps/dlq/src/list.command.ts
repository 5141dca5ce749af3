import { TopicReader } from '@tributary/platform';
import { deadLetterOf } from './dead-letter';
import { ListCommand } from './dlq-command';
import { jsonLine, summaryLine, textLine } from './list-format';
import { Output } from './output';

/** Prints the dead letters as they are read, each partition's in order, then how many there are. */
export async function listDeadLetters(reader: TopicReader, deadLetterTopic: string, { limit, json }: ListCommand, output: Output): Promise<void> {
  let total = 0;
  await reader.read(deadLetterTopic, async ({ messages }) => {
    for (const message of messages) {
      total += 1;
      if (limit === undefined || total <= limit) output.out((json ? jsonLine : textLine)(deadLetterOf(message)));
    }
  });
  // With --json, stdout stays one JSON object a line.
  (json ? output.err : output.out)(summaryLine(total, limit));
}
