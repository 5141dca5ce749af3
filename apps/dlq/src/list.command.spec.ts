import { deadLetterMessage, FakeTopicReader, recordingOutput } from './dead-letter.fixture';
import { listDeadLetters } from './list.command';

describe('listDeadLetters', () => {
  const reader = () => new FakeTopicReader(['0:0', '0:1', '1:0'].map((position) => deadLetterMessage(position)));

  it('prints a line a dead letter of the dead-letter topic, then how many', async () => {
    const fake = reader();
    const output = recordingOutput();
    await listDeadLetters(fake, 'tributary.events.dlq', { name: 'list', json: false }, output);
    expect(fake.topics).toEqual(['tributary.events.dlq']);
    expect(output.lines.out.map((line) => line.split('  ')[0])).toEqual(['0:0', '0:1', '1:0', '3 dead letters']);
    expect(output.lines.err).toEqual([]);
  });

  it('--limit prints the first ones and still counts all', async () => {
    const output = recordingOutput();
    await listDeadLetters(reader(), 'dlq', { name: 'list', limit: 2, json: false }, output);
    expect(output.lines.out).toHaveLength(3);
    expect(output.lines.out[2]).toBe('3 dead letters, the first 2 shown');
  });

  it('--json keeps stdout to JSON objects, the count on stderr', async () => {
    const output = recordingOutput();
    await listDeadLetters(reader(), 'dlq', { name: 'list', json: true }, output);
    expect(output.lines.out.map((line) => JSON.parse(line).dlq)).toEqual(['0:0', '0:1', '1:0']);
    expect(output.lines.err).toEqual(['3 dead letters']);
  });

  it('an empty topic', async () => {
    const output = recordingOutput();
    await listDeadLetters(new FakeTopicReader([]), 'dlq', { name: 'list', json: false }, output);
    expect(output.lines.out).toEqual(['0 dead letters']);
  });
});
