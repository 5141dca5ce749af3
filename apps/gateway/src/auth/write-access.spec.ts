import { Access, KeyRing, POSTHOG_SOURCE, SEGMENT_SOURCE, TRIBUTARY_SOURCE } from '@tributary/contracts';
import { InvalidInputError, UnauthorizedError } from '@tributary/platform';
import { projectOfWrite } from './write-access';

const WRITE = 'shop-write-0123456789abcdef';
const READ = 'shop-read-0123456789abcdef';
const keys = new Access('keys', new KeyRing([
  { key: WRITE, project: 'shop', role: 'write' },
  { key: READ, project: 'shop', role: 'read' },
]));
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/** The field and reason of the 401 a request gets, checked not to quote a key. */
function refusalOf(write: () => unknown): { field: string; reason: string } {
  try {
    write();
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).not.toMatch(/shop-|wrong-key/);
    return (error as UnauthorizedError).fieldErrors[0];
  }
  throw new Error('the write was not refused');
}

describe('projectOfWrite', () => {
  it("keys: reads each source's key where its protocol sends it", () => {
    expect(projectOfWrite(keys, SEGMENT_SOURCE, {}, { authorization: basic(WRITE) }, {})).toBe('shop');
    expect(projectOfWrite(keys, SEGMENT_SOURCE, { writeKey: WRITE }, {}, {})).toBe('shop');
    expect(projectOfWrite(keys, POSTHOG_SOURCE, { api_key: WRITE, batch: [] }, {}, {})).toBe('shop');
    expect(projectOfWrite(keys, TRIBUTARY_SOURCE, {}, { 'x-write-key': WRITE }, {})).toBe('shop');
    // X-Write-Key, where the source's own place is empty.
    expect(projectOfWrite(keys, POSTHOG_SOURCE, { batch: [] }, { 'x-write-key': WRITE }, {})).toBe('shop');
  });

  it('keys: refuses a missing, unknown or non-write key 401, naming where the key goes', () => {
    expect(refusalOf(() => projectOfWrite(keys, SEGMENT_SOURCE, {}, {}, {}))).toEqual({ field: 'authorization', reason: expect.stringMatching(/^is missing/) });
    expect(refusalOf(() => projectOfWrite(keys, POSTHOG_SOURCE, { api_key: 'wrong-key' }, {}, {}))).toEqual({ field: 'api_key', reason: expect.stringMatching(/^is not a write key/) });
    expect(refusalOf(() => projectOfWrite(keys, TRIBUTARY_SOURCE, {}, { 'x-write-key': READ }, {}))).toEqual({ field: 'x-write-key', reason: expect.stringMatching(/^is not a write key/) });
  });

  it('open: every write is the default project, its key not resolved', () => {
    expect(projectOfWrite(Access.open(), SEGMENT_SOURCE, {}, { authorization: basic('anything') }, {})).toBe('default');
    expect(projectOfWrite(Access.open(), TRIBUTARY_SOURCE, {}, {}, {})).toBe('default');
  });

  it("open: refuses a key over 128 characters in the protocol's own place 400, naming it; keys: it is no key of the ring, 401", () => {
    const long = 'k'.repeat(200);
    const write = () => projectOfWrite(Access.open(), SEGMENT_SOURCE, {}, { authorization: basic(long) }, {});
    expect(write).toThrow(InvalidInputError);
    expect(write).toThrow('Invalid write key: write key is 200 characters long, over the limit of 128');
    expect(projectOfWrite(Access.open(), SEGMENT_SOURCE, {}, { authorization: basic('k'.repeat(128)) }, {})).toBe('default');
    expect(projectOfWrite(Access.open(), TRIBUTARY_SOURCE, {}, { 'x-write-key': long }, {})).toBe('default');
    expect(refusalOf(() => projectOfWrite(keys, SEGMENT_SOURCE, {}, { authorization: basic(long) }, {}))).toEqual({ field: 'authorization', reason: expect.stringMatching(/^is not a write key/) });
  });
});
