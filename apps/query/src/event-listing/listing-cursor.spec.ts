import { CURSOR_REASON, decodeCursor, encodeCursor } from './listing-cursor';
import { ListingPosition } from './listing-query';

const POSITION: ListingPosition = { sort: '-event_time', time: Date.parse('2024-03-30T14:05:09.120Z'), id: '0b9e5f3e-1b2c-4d4e-9f00-112233445566' };

describe("a listing's cursor", () => {
  it('is base64url, and gives back the position it was made of, for every sort', () => {
    for (const sort of ['-event_time', 'event_time', '-received_at', 'received_at'] as const) {
      const cursor = encodeCursor({ ...POSITION, sort });
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor)).toEqual({ ...POSITION, sort });
    }
  });

  it('holds the sort value and the id, nothing of the request', () => {
    expect(Buffer.from(encodeCursor(POSITION), 'base64url').toString()).toMatch(/^c1\|-event_time\|1711807509120\|0b9e5f3e-1b2c-4d4e-9f00-112233445566\|[A-Za-z0-9_-]{11}$/);
  });

  const cursor = encodeCursor(POSITION);
  const text = Buffer.from(cursor, 'base64url').toString();
  const reencoded = (changed: string) => Buffer.from(changed).toString('base64url');

  it.each([
    ['a character changed', cursor.slice(0, 20) + (cursor[20] === 'A' ? 'B' : 'A') + cursor.slice(21)],
    ['cut short', cursor.slice(0, -3)],
    ['with more after it', `${cursor}AA`],
    ['another time, its check kept', reencoded(text.replace('1711807509120', '1711807509121'))],
    ['another id, its check kept', reencoded(text.replace('0b9e5f3e', '0b9e5f3f'))],
    ['another sort, its check kept', reencoded(text.replace('-event_time', 'event_time'))],
    ['without its check', reencoded(text.slice(0, text.lastIndexOf('|')))],
    ['a time beyond the times events have', encodeCursor({ ...POSITION, time: 4_102_444_800_001 })],
    ['an id that is no UUID', encodeCursor({ ...POSITION, id: "x') OR 1=1 --" })],
    ['padded base64', `${cursor}=`],
    ['plain base64', cursor.replace(/-/g, '+').replace(/_/g, '/') + '+'],
    ['empty', ''],
    ['JSON', '{"t":1,"id":"x"}'],
    ['not text', 42],
    ['a list', [cursor, cursor]],
  ])('is refused %s', (_case, tampered) => {
    expect(decodeCursor(tampered)).toBeUndefined();
  });

  it('is refused with a reason that says what to send', () => {
    expect(CURSOR_REASON).toBe('must be the next_cursor of a previous page, as it was given');
  });
});
