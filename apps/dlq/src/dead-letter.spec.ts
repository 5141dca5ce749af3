import { DEAD_LETTER_HEADERS, REPLAY_OF_HEADER } from '@tributary/contracts';
import { DEAD_LETTER_HEADER_PREFIX, deadLetterOf, replayMessage } from './dead-letter';
import { deadLetterMessage } from './dead-letter.fixture';

describe('deadLetterOf', () => {
  it('reads its position and headers', () => {
    const letter = deadLetterOf(deadLetterMessage('1:7', { [DEAD_LETTER_HEADERS.stage]: 'clickhouse', [DEAD_LETTER_HEADERS.clickhouseError]: 'VIOLATED_CONSTRAINT (469)' }));
    expect(letter).toMatchObject({
      position: '1:7',
      at: '2025-11-28T10:15:02.113Z',
      stage: 'clickhouse',
      source: 'tributary.events/1/42',
      reason: 'event.user_id must be at most 256 characters',
      clickhouseError: 'VIOLATED_CONSTRAINT (469)',
    });
  });

  it('takes the message timestamp when the time header is missing', () => {
    const message = deadLetterMessage('0:0');
    delete message.headers[DEAD_LETTER_HEADERS.at];
    expect(deadLetterOf(message).at).toBe('2025-11-28T10:15:02.200Z');
  });
});

describe('replayMessage', () => {
  it('keeps key, value, timestamp and the original headers, drops the dead-letter ones, and names the original place', () => {
    const message = deadLetterMessage('0:3', { [DEAD_LETTER_HEADERS.clickhouseError]: 'X (1)', 'x-trace': 'abc' });
    const replay = replayMessage(deadLetterOf(message));
    expect(replay.key).toBe(message.key);
    expect(replay.value).toBe(message.value);
    expect(replay.timestamp).toBe(message.timestamp);
    expect(replay.headers).toEqual({
      'content-type': message.headers['content-type'],
      'x-trace': 'abc',
      [REPLAY_OF_HEADER]: 'tributary.events/1/42',
    });
  });

  it('keeps the first place of a message already replayed once', () => {
    const message = deadLetterMessage('0:3', { [REPLAY_OF_HEADER]: 'tributary.events/0/5', [DEAD_LETTER_HEADERS.source]: 'tributary.events/1/99' });
    expect(replayMessage(deadLetterOf(message)).headers?.[REPLAY_OF_HEADER]).toBe('tributary.events/0/5');
  });

  it('sets no replay header without a valid source', () => {
    const message = deadLetterMessage('0:3', { [DEAD_LETTER_HEADERS.source]: 'somewhere' });
    expect(replayMessage(deadLetterOf(message)).headers).not.toHaveProperty(REPLAY_OF_HEADER);
  });

  it('replays an empty value as empty bytes', () => {
    const message = { ...deadLetterMessage('0:3'), value: null };
    expect(replayMessage(deadLetterOf(message)).value).toEqual(Buffer.alloc(0));
  });

  it('drops every header the writer adds', () => {
    expect(Object.values(DEAD_LETTER_HEADERS).filter((name) => !name.startsWith(DEAD_LETTER_HEADER_PREFIX))).toEqual([]);
  });
});
