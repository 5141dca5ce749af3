import { Access, KeyRing, KeyRingError, parseKeyEntries, ROLES_THAT_READ, ROLES_THAT_WRITE } from './key-ring';

const SHOP_WRITE = 'shop-write-0123456789abcdef';
const SHOP_WRITE_NEW = 'shop-write-NEW-0123456789abcdef';
const SHOP_READ = 'shop-read-0123456789abcdef';
const BLOG_WRITE = 'blog-write-0123456789abcdef';
const ADMIN = 'shop-admin-0123456789abcdef';

const entries = [
  { key: SHOP_WRITE, project: 'shop', role: 'write' },
  { key: SHOP_WRITE_NEW, project: 'shop', role: 'write', name: 'rotated in 2026-12' },
  { key: SHOP_READ, project: 'shop', role: 'read' },
  { key: BLOG_WRITE, project: 'blog', role: 'write' },
  { key: ADMIN, project: 'shop', role: 'admin' },
];

/** The problems a text's parsing reports, each checked for the secrets it must not quote. */
function problemsOf(text: string, secrets: string[]): string[] {
  try {
    new KeyRing(parseKeyEntries(text, 'TRIBUTARY_KEYS'));
  } catch (error) {
    expect(error).toBeInstanceOf(KeyRingError);
    const { problems, message } = error as KeyRingError;
    for (const secret of secrets) expect(message).not.toContain(secret);
    return problems;
  }
  throw new Error('the keys were accepted');
}

describe('parseKeyEntries', () => {
  it('reads an array of entries, or an object with them in "keys"', () => {
    expect(parseKeyEntries(JSON.stringify(entries), 'x')).toEqual(entries);
    expect(parseKeyEntries(JSON.stringify({ keys: entries }), 'x')).toEqual(entries);
  });

  it('names every bad entry by its place and project, never by its key', () => {
    const secretShort = 'short-secret';
    const secretSpaced = 'has a space 0123456789';
    const secretColon = 'has:colon:0123456789abc';
    const secretUnknownRole = 'role-secret-0123456789';
    const bad = [
      { key: secretShort, project: 'shop', role: 'write' },
      { key: secretSpaced, project: 'shop', role: 'write' },
      { key: secretColon, project: 'blog', role: 'read' },
      { key: secretUnknownRole, project: 'shop', role: 'owner' },
      { key: 'project-secret-0123456789', project: 'no spaces please', role: 'write' },
      { project: 'shop', role: 'write' },
      'a string',
      { key: 'extra-secret-0123456789', project: 'shop', role: 'write', secret: 'x' },
    ];
    const problems = problemsOf(JSON.stringify(bad), [secretShort, secretSpaced, secretColon, secretUnknownRole, 'project-secret-0123456789', 'extra-secret-0123456789']);
    expect(problems).toEqual([
      'TRIBUTARY_KEYS entry 0 (project shop): key must be 16 to 128 characters long (it has 12)',
      "TRIBUTARY_KEYS entry 1 (project shop): key must be printable ASCII without spaces or ':'",
      "TRIBUTARY_KEYS entry 2 (project blog): key must be printable ASCII without spaces or ':'",
      'TRIBUTARY_KEYS entry 3 (project shop): role must be one of write, read, admin',
      "TRIBUTARY_KEYS entry 4: project must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
      'TRIBUTARY_KEYS entry 5 (project shop): key must be a string',
      'TRIBUTARY_KEYS entry 6 must be an object {"key", "project", "role"}',
      'TRIBUTARY_KEYS entry 7 (project shop): unknown field(s) "secret"',
    ]);
  });

  it('reports text that is not JSON by position only: JSON.parse would quote it', () => {
    const secret = 'unterminated-secret-0123456789';
    const [problem] = problemsOf(`[{"key": "${secret}", "project": "shop", "role": "write"`, [secret]);
    expect(problem).toMatch(/^TRIBUTARY_KEYS is not valid JSON/);
  });

  it('refuses a text of another shape', () => {
    expect(problemsOf('{"shop": "key"}', [])).toEqual(['TRIBUTARY_KEYS must be a JSON array of {"key", "project", "role"} entries, or an object with such an array in "keys"']);
  });

  it('refuses a key given twice, by the places of both', () => {
    const twice = [entries[0], { ...entries[0], project: 'blog' }];
    expect(problemsOf(JSON.stringify(twice), [SHOP_WRITE])).toEqual(['entry 1 (project blog) has the same key as entry 0: each key must be unique']);
  });
});

describe('KeyRing', () => {
  const ring = new KeyRing(parseKeyEntries(JSON.stringify(entries), 'x'));

  it("resolves a key to its project, when its role is one the use accepts", () => {
    expect(ring.resolve(SHOP_WRITE, ROLES_THAT_WRITE)).toEqual({ ok: true, project: 'shop', role: 'write' });
    expect(ring.resolve(BLOG_WRITE, ROLES_THAT_WRITE)).toEqual({ ok: true, project: 'blog', role: 'write' });
    expect(ring.resolve(SHOP_READ, ROLES_THAT_READ)).toEqual({ ok: true, project: 'shop', role: 'read' });
  });

  it('lets an admin key read its project, never write', () => {
    expect(ring.resolve(ADMIN, ROLES_THAT_READ)).toEqual({ ok: true, project: 'shop', role: 'admin' });
    expect(ring.resolve(ADMIN, ROLES_THAT_WRITE)).toEqual({ ok: false, refusal: 'wrong_role' });
  });

  it('refuses a missing key, an unknown one, and one of another role', () => {
    expect(ring.resolve(undefined, ROLES_THAT_WRITE)).toEqual({ ok: false, refusal: 'missing' });
    expect(ring.resolve('', ROLES_THAT_WRITE)).toEqual({ ok: false, refusal: 'missing' });
    expect(ring.resolve(`${SHOP_WRITE}x`, ROLES_THAT_WRITE)).toEqual({ ok: false, refusal: 'unknown' });
    expect(ring.resolve(SHOP_WRITE.slice(0, -1), ROLES_THAT_WRITE)).toEqual({ ok: false, refusal: 'unknown' });
    expect(ring.resolve(SHOP_WRITE, ROLES_THAT_READ)).toEqual({ ok: false, refusal: 'wrong_role' });
    expect(ring.resolve(SHOP_READ, ROLES_THAT_WRITE)).toEqual({ ok: false, refusal: 'wrong_role' });
  });

  it('takes both keys of a rotated pair at once, for the same project', () => {
    expect(ring.resolve(SHOP_WRITE, ROLES_THAT_WRITE)).toMatchObject({ ok: true, project: 'shop' });
    expect(ring.resolve(SHOP_WRITE_NEW, ROLES_THAT_WRITE)).toMatchObject({ ok: true, project: 'shop' });
    const afterRotation = new KeyRing(entries.filter((entry) => entry.key !== SHOP_WRITE) as never);
    expect(afterRotation.resolve(SHOP_WRITE, ROLES_THAT_WRITE)).toEqual({ ok: false, refusal: 'unknown' });
    expect(afterRotation.resolve(SHOP_WRITE_NEW, ROLES_THAT_WRITE)).toMatchObject({ ok: true, project: 'shop' });
  });

  it('lists the projects of each use, never a key', () => {
    expect(ring.projectsWith(ROLES_THAT_WRITE)).toEqual(['blog', 'shop']);
    expect(ring.projectsWith(ROLES_THAT_READ)).toEqual(['shop']);
    expect(ring.size).toBe(5);
  });
});

describe('Access', () => {
  it('open: every request is the default project, whatever it carries', () => {
    expect(Access.open().resolve(undefined, ROLES_THAT_WRITE)).toMatchObject({ ok: true, project: 'default' });
    expect(Access.open().resolve('any-key-at-all', ROLES_THAT_READ)).toMatchObject({ ok: true, project: 'default' });
  });

  it('keys: the ring decides', () => {
    const access = new Access('keys', new KeyRing(parseKeyEntries(JSON.stringify(entries), 'x')));
    expect(access.resolve(BLOG_WRITE, ROLES_THAT_WRITE)).toMatchObject({ ok: true, project: 'blog' });
    expect(access.resolve(undefined, ROLES_THAT_WRITE)).toEqual({ ok: false, refusal: 'missing' });
  });
});
