import { DEAD_LETTER_HEADERS } from '@tributary/contracts';
import { deadLetterOf } from './dead-letter';
import { deadLetterMessage } from './dead-letter.fixture';
import { jsonLine, summaryLine, textLine } from './list-format';

const refused = deadLetterOf(
  deadLetterMessage('1:3', {
    [DEAD_LETTER_HEADERS.stage]: 'clickhouse',
    [DEAD_LETTER_HEADERS.reason]: 'ClickHouse refused the row:\n  constraint broken',
    [DEAD_LETTER_HEADERS.clickhouseError]: 'VIOLATED_CONSTRAINT (469)',
  }),
);

describe('textLine', () => {
  it('one line: position, time, stage, source, reason and the ClickHouse error', () => {
    expect(textLine(refused)).toBe(
      '1:3  2025-11-28T10:15:02.113Z  clickhouse  from tributary.events/1/42  ClickHouse refused the row: constraint broken (ClickHouse: VIOLATED_CONSTRAINT (469))',
    );
  });

  it('a dash for what a letter does not say', () => {
    const message = deadLetterMessage('0:0');
    for (const name of [DEAD_LETTER_HEADERS.stage, DEAD_LETTER_HEADERS.source, DEAD_LETTER_HEADERS.reason]) delete message.headers[name];
    expect(textLine(deadLetterOf(message))).toBe('0:0  2025-11-28T10:15:02.113Z  -  from -  -');
  });
});

describe('jsonLine', () => {
  it('every field, null when absent', () => {
    expect(JSON.parse(jsonLine(refused))).toEqual({
      dlq: '1:3',
      at: '2025-11-28T10:15:02.113Z',
      stage: 'clickhouse',
      source: 'tributary.events/1/42',
      reason: 'ClickHouse refused the row:\n  constraint broken',
      clickhouse_error: 'VIOLATED_CONSTRAINT (469)',
      key: 'key-1:3',
    });
    expect(JSON.parse(jsonLine(deadLetterOf({ ...deadLetterMessage('0:0'), key: null })))).toMatchObject({ clickhouse_error: null, key: null });
  });
});

describe('summaryLine', () => {
  it('counts, and says when --limit cut the listing', () => {
    expect(summaryLine(0)).toBe('0 dead letters');
    expect(summaryLine(1)).toBe('1 dead letter');
    expect(summaryLine(5, 10)).toBe('5 dead letters');
    expect(summaryLine(12, 10)).toBe('12 dead letters, the first 10 shown');
  });
});
