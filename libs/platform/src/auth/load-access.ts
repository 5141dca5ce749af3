import { Logger } from '@nestjs/common';
import { Access, DEFAULT_PROJECT, KeyEntry, KeyRing, KeyRingError, parseKeyEntries, ROLES_THAT_READ, ROLES_THAT_WRITE } from '@tributary/contracts';
import { readFileSync } from 'node:fs';
import { AuthConfig } from '../config/auth.config';
import { ConfigError } from '../config/load-config';

/** The access rules an app enforces, with what it should say of them at start. */
export interface LoadedAccess {
  access: Access;
  /** Keys were configured while TRIBUTARY_AUTH=open: they are ignored, which the start says. */
  ignoredKeys: boolean;
}

/**
 * From AuthConfig (loadConfig(AuthConfig, env)), in keys mode, the key ring from TRIBUTARY_KEYS and TRIBUTARY_KEYS_FILE.
 * Every problem is a ConfigError that names the variable, file, entry index and project, never a
 * key: the messages reach the logs.
 */
export function loadAccess(config: AuthConfig): LoadedAccess {
  const configured = config.TRIBUTARY_KEYS.trim() !== '' || config.TRIBUTARY_KEYS_FILE !== '';
  if (config.TRIBUTARY_AUTH === 'open') return { access: Access.open(), ignoredKeys: configured };
  try {
    const entries: KeyEntry[] = [];
    if (config.TRIBUTARY_KEYS.trim() !== '') entries.push(...parseKeyEntries(config.TRIBUTARY_KEYS, 'TRIBUTARY_KEYS'));
    if (config.TRIBUTARY_KEYS_FILE !== '') entries.push(...parseKeyEntries(readKeysFile(config.TRIBUTARY_KEYS_FILE), `TRIBUTARY_KEYS_FILE (${config.TRIBUTARY_KEYS_FILE})`));
    if (entries.length === 0) {
      throw new ConfigError(['TRIBUTARY_AUTH=keys, but no keys are configured: list them in TRIBUTARY_KEYS_FILE (or TRIBUTARY_KEYS), or set TRIBUTARY_AUTH=open for local use']);
    }
    return { access: new Access('keys', new KeyRing(entries)), ignoredKeys: false };
  } catch (error) {
    if (error instanceof KeyRingError) throw new ConfigError(error.problems);
    throw error;
  }
}

function readKeysFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`TRIBUTARY_KEYS_FILE=${JSON.stringify(path)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}

const OPEN_BANNER = '!'.repeat(78);

/**
 * Says at start how the app is protected: in open mode a warning no one can miss, since anyone
 * who reaches the port writes and reads everything; in keys mode, the projects (never the keys).
 */
export function announceAccess(app: string, { access, ignoredKeys }: LoadedAccess, use: 'write' | 'read'): void {
  const logger = new Logger(`${app} auth`);
  if (access.mode === 'open') {
    logger.warn(
      [
        OPEN_BANNER,
        `TRIBUTARY_AUTH=open: NO KEYS. Anyone who reaches the ${app} may ${use === 'write' ? 'send events' : 'read every event'};`,
        `everything is project "${DEFAULT_PROJECT}". For local use only: set TRIBUTARY_AUTH=keys and TRIBUTARY_KEYS_FILE`,
        `(README, "Security") before this ${app} is reachable by anyone else.`,
        ...(ignoredKeys ? ['Keys are configured (TRIBUTARY_KEYS or TRIBUTARY_KEYS_FILE) but IGNORED in open mode.'] : []),
        OPEN_BANNER,
      ].join('\n'),
    );
    return;
  }
  const roles = use === 'write' ? ROLES_THAT_WRITE : ROLES_THAT_READ;
  const projects = access.ring.projectsWith(roles);
  const summary = `TRIBUTARY_AUTH=keys: ${access.ring.size} key(s); projects that may ${use}: ${projects.join(', ') || 'none'}`;
  if (projects.length === 0) logger.warn(`${summary}: every ${use} will be refused 401`);
  else logger.log(summary);
}
