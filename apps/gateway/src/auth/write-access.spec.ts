import { Access, Headers, KeyRing, POSTHOG_SOURCE, SEGMENT_SOURCE, Source, TRIBUTARY_SOURCE } from '@tributary/contracts';
import { InvalidInputError, UnauthorizedError } from '@tributary/platform';
import { projectOfWrite } from './write-access';

const WRITE = 'shop-write-0123456789abcdef';
const READ = 'shop-read-0123456789abcdef';
const keys = new Access('keys', new KeyRing([
  { key: WRITE, project: 'shop', role: 'write' },
  { key: READ, project: 'shop', role: 'read' },
]));
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

/** The project of a request, its fields read as the controller reads them. */
const projectOf = (access: Access, source: Source, body: unknown, headers: Headers) =>
  projectOfWrite(access, source, source.receiptOf?.(body, headers, {}) ?? {}, headers);

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
    expect(projectOf(keys, SEGMENT_SOURCE, {}, { authorization: basic(WRITE) })).toBe('shop');
    expect(projectOf(keys, SEGMENT_SOURCE, { writeKey: WRITE }, {})).toBe('shop');
    expect(projectOf(keys, POSTHOG_SOURCE, { api_key: WRITE, batch: [] }, {})).toBe('shop');
    expect(projectOf(keys, TRIBUTARY_SOURCE, {}, { 'x-write-key': WRITE })).toBe('shop');
    // X-Write-Key, where the source's own place is empty.
    expect(projectOf(keys, POSTHOG_SOURCE, { batch: [] }, { 'x-write-key': WRITE })).toBe('shop');
  });

  it('keys: refuses a missing, unknown or non-write key 401, naming where the key goes', () => {
    expect(refusalOf(() => projectOf(keys, SEGMENT_SOURCE, {}, {}))).toEqual({ field: 'authorization', reason: expect.stringMatching(/^is missing/) });
    expect(refusalOf(() => projectOf(keys, POSTHOG_SOURCE, { api_key: 'wrong-key' }, {}))).toEqual({ field: 'api_key', reason: expect.stringMatching(/^is not a write key/) });
    expect(refusalOf(() => projectOf(keys, TRIBUTARY_SOURCE, {}, { 'x-write-key': READ }))).toEqual({ field: 'x-write-key', reason: expect.stringMatching(/^is not a write key/) });
  });

  it('open: every write is the default project, its key not resolved', () => {
    expect(projectOf(Access.open(), SEGMENT_SOURCE, {}, { authorization: basic('anything') })).toBe('default');
    expect(projectOf(Access.open(), TRIBUTARY_SOURCE, {}, {})).toBe('default');
  });

  it("open: refuses a key over 128 characters in the protocol's own place 400, naming it; keys: it is no key of the ring, 401", () => {
    const long = 'k'.repeat(200);
    const write = () => projectOf(Access.open(), SEGMENT_SOURCE, {}, { authorization: basic(long) });
    expect(write).toThrow(InvalidInputError);
    expect(write).toThrow('Invalid write key: write key is 200 characters long, over the limit of 128');
    expect(projectOf(Access.open(), SEGMENT_SOURCE, {}, { authorization: basic('k'.repeat(128)) })).toBe('default');
    expect(projectOf(Access.open(), TRIBUTARY_SOURCE, {}, { 'x-write-key': long })).toBe('default');
    expect(refusalOf(() => projectOf(keys, SEGMENT_SOURCE, {}, { authorization: basic(long) }))).toEqual({ field: 'authorization', reason: expect.stringMatching(/^is not a write key/) });
  });
});
