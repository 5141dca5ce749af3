import { DEAD_LETTER_HEADERS } from '@tributary/contracts';
import { deadLetterOf } from './dead-letter';
import { deadLetterMessage } from './dead-letter.fixture';
import { missingPositions, parsePosition, selects } from './selection';

describe('parsePosition', () => {
  it('reads <partition>:<offset>, without leading zeros', () => {
    expect(parsePosition('0:12')).toBe('0:12');
    expect(parsePosition('01:007')).toBe('1:7');
    expect(parsePosition('3:9007199254740993')).toBe('3:9007199254740993');
  });

  it.each(['', '1', '1:', ':1', '-1:2', '1:2:3', 'a:1', '1/2', ' 1:2'])('refuses %j', (text) => {
    expect(parsePosition(text)).toBeUndefined();
  });
});

describe('selects', () => {
  const letter = deadLetterOf(deadLetterMessage('2:5', { [DEAD_LETTER_HEADERS.reason]: 'ClickHouse refused the row: constraint' }));

  it('by position', () => {
    expect(selects({ positions: new Set(['2:5']) }, letter)).toBe(true);
    expect(selects({ positions: new Set(['2:6', '5:2']) }, letter)).toBe(false);
  });

  it('by reason, ignoring case', () => {
    expect(selects({ reason: 'clickhouse REFUSED' }, letter)).toBe(true);
    expect(selects({ reason: 'channel_type' }, letter)).toBe(false);
  });

  it('all without a reason, even a letter without one', () => {
    const message = deadLetterMessage('0:0');
    delete message.headers[DEAD_LETTER_HEADERS.reason];
    expect(selects({}, deadLetterOf(message))).toBe(true);
    expect(selects({ reason: 'x' }, deadLetterOf(message))).toBe(false);
  });
});

describe('missingPositions', () => {
  const found = [deadLetterOf(deadLetterMessage('0:1')), deadLetterOf(deadLetterMessage('1:4'))];

  it('names the selected positions not found', () => {
    expect(missingPositions({ positions: new Set(['0:1', '0:4', '9:9']) }, found)).toEqual(['0:4', '9:9']);
    expect(missingPositions({ positions: new Set(['1:4']) }, found)).toEqual([]);
  });

  it('is empty for a selection by reason', () => {
    expect(missingPositions({ reason: 'x' }, [])).toEqual([]);
  });
});
