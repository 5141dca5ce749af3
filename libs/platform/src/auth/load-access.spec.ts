import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthConfig } from '../config/auth.config';
import { ConfigError, loadConfig } from '../config/load-config';
import { loadAccess as loadAccessOf } from './load-access';

const loadAccess = (env: Record<string, string>) => loadAccessOf(loadConfig(AuthConfig, env));

const WRITE = 'load-write-key-0123456789';
const READ = 'load-read-key-0123456789';
const FILE_WRITE = 'file-write-key-0123456789';

describe('loadAccess', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tributary-keys-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The ConfigError a boot fails with, checked for every secret it must not quote. */
  function refusal(env: Record<string, string>, secrets: string[] = [WRITE, READ, FILE_WRITE]): string {
    try {
      loadAccess(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      for (const secret of secrets) expect((error as Error).message).not.toContain(secret);
      return (error as Error).message;
    }
    throw new Error('the boot was not refused');
  }

  it('is open by default, and says so when keys were configured but are ignored', () => {
    expect(loadAccess({})).toMatchObject({ access: { mode: 'open' }, ignoredKeys: false });
    expect(loadAccess({ TRIBUTARY_KEYS: '[]' })).toMatchObject({ access: { mode: 'open' }, ignoredKeys: true });
  });

  it('reads the keys of the variable and of the file together', () => {
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ keys: [{ key: FILE_WRITE, project: 'blog', role: 'write' }] }));
    const { access } = loadAccess({
      TRIBUTARY_AUTH: 'keys',
      TRIBUTARY_KEYS: JSON.stringify([{ key: WRITE, project: 'shop', role: 'write' }, { key: READ, project: 'shop', role: 'read' }]),
      TRIBUTARY_KEYS_FILE: file,
    });
    expect(access.mode).toBe('keys');
    expect(access.resolve(FILE_WRITE, ['write'])).toMatchObject({ ok: true, project: 'blog' });
    expect(access.resolve(WRITE, ['write'])).toMatchObject({ ok: true, project: 'shop' });
  });

  it('refuses production in open mode', () => {
    expect(refusal({ NODE_ENV: 'production' })).toContain('TRIBUTARY_AUTH must be keys when NODE_ENV=production');
    expect(refusal({ NODE_ENV: 'production', TRIBUTARY_AUTH: 'open' })).toContain('TRIBUTARY_AUTH must be keys when NODE_ENV=production');
  });

  it('refuses keys mode with no keys, an unreadable file, and a bad entry, quoting no key', () => {
    expect(refusal({ TRIBUTARY_AUTH: 'keys' })).toContain('no keys are configured');
    expect(refusal({ TRIBUTARY_AUTH: 'keys', NODE_ENV: 'production', TRIBUTARY_KEYS: '[]' })).toContain('no keys are configured');
    expect(refusal({ TRIBUTARY_AUTH: 'keys', TRIBUTARY_KEYS_FILE: join(dir, 'missing.json') })).toContain('missing.json\": cannot read it (ENOENT)');
    const bad = JSON.stringify([{ key: WRITE, project: 'shop', role: 'writer' }, { key: READ, project: 'shop', role: 'read' }, { key: READ, project: 'shop', role: 'read' }]);
    const message = refusal({ TRIBUTARY_AUTH: 'keys', TRIBUTARY_KEYS: bad });
    expect(message).toContain('TRIBUTARY_KEYS entry 0 (project shop): role must be one of write, read, admin');
    const broken = refusal({ TRIBUTARY_AUTH: 'keys', TRIBUTARY_KEYS: `[{"key": "${WRITE}"` });
    expect(broken).toContain('TRIBUTARY_KEYS is not valid JSON');
  });

  it('refuses an unknown mode, quoting only the mode', () => {
    expect(refusal({ TRIBUTARY_AUTH: 'on', TRIBUTARY_KEYS: JSON.stringify([{ key: WRITE, project: 'shop', role: 'write' }]) })).toContain('TRIBUTARY_AUTH="on"');
  });
});
