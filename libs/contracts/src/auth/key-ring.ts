import { createHash } from 'node:crypto';
import { DEFAULT_PROJECT } from '../event/canonical-event';
import { EVENT_LIMITS } from '../event/limits';

/**
 * What a key lets its holder do, always within its one project. `write`: send events (the
 * gateway). `read`: read the project's events and metrics (the query app). `admin`: the project's
 * administration; it may read as well (an operator who administers a project may see its data),
 * but never write, so that a leaked admin key cannot forge events. The query app's /admin routes
 * (erasures) take an admin key only.
 */
export type KeyRole = 'write' | 'read' | 'admin';
export const KEY_ROLES: readonly KeyRole[] = ['write', 'read', 'admin'];

/** The roles each use accepts. */
export const ROLES_THAT_WRITE: readonly KeyRole[] = ['write'];
export const ROLES_THAT_READ: readonly KeyRole[] = ['read', 'admin'];
export const ROLES_THAT_ADMINISTER: readonly KeyRole[] = ['admin'];

/** One configured key: the secret, the project it belongs to, its role and an optional label for people (never the secret). */
export interface KeyEntry {
  key: string;
  project: string;
  role: KeyRole;
  name?: string;
}

/** `open`: no keys, everything in the default project (local use only). `keys`: every write and read needs a key. */
export type AuthMode = 'open' | 'keys';
export const AUTH_MODES: readonly AuthMode[] = ['open', 'keys'];

/** Shortest key accepted: a secret guessable in a few tries protects nothing. */
export const MIN_KEY_LENGTH = 16;
/** Longest key: the longest write key a source's protocol field takes (EVENT_LIMITS.keyLength). */
export const MAX_KEY_LENGTH = EVENT_LIMITS.keyLength;
/**
 * Printable ASCII without space or colon: a key travels as Basic auth's user name (a colon ends
 * it), in headers and in JSON, and must survive all three unchanged.
 */
const KEY_CHARACTERS = /^[\x21-\x39\x3b-\x7e]+$/;
/** A project's name: stored in every event's `project` column and shown in logs, so plain. */
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A key ring that could not be read: each problem names the entry by its place and project, never by its secret. */
export class KeyRingError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid keys:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KeyRingError';
  }
}

/**
 * Reads the entries of a key ring from JSON text: an array of `{key, project, role, name?}`, or
 * an object whose `keys` holds that array. `origin` names the text in errors (the variable or
 * file it came from). Every problem is collected, none of them quoting a key: JSON.parse's own
 * message quotes the text, so only the position is kept.
 */
export function parseKeyEntries(text: string, origin: string): KeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new KeyRingError([`${origin} is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`]);
  }
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) && Array.isArray(parsed.keys) ? parsed.keys : undefined;
  if (!list) throw new KeyRingError([`${origin} must be a JSON array of {"key", "project", "role"} entries, or an object with such an array in "keys"`]);
  const problems: string[] = [];
  const entries: KeyEntry[] = [];
  list.forEach((item: unknown, index: number) => {
    const found = entryOf(item, `${origin} entry ${index}`);
    if ('problems' in found) problems.push(...found.problems);
    else entries.push(found.entry);
  });
  if (problems.length > 0) throw new KeyRingError(problems);
  return entries;
}

function entryOf(item: unknown, place: string): { entry: KeyEntry } | { problems: string[] } {
  if (!isObject(item)) return { problems: [`${place} must be an object {"key", "project", "role"}`] };
  const project = typeof item.project === 'string' && PROJECT_NAME.test(item.project) ? item.project : undefined;
  // The project is named when it is valid (it is no secret); else only the entry's place.
  const where = project === undefined ? place : `${place} (project ${project})`;
  const problems: string[] = [];
  if (project === undefined) problems.push(`${place}: project must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  const { key, role, name } = item;
  if (typeof key !== 'string') problems.push(`${where}: key must be a string`);
  else if (key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) problems.push(`${where}: key must be ${MIN_KEY_LENGTH} to ${MAX_KEY_LENGTH} characters long (it has ${key.length})`);
  else if (!KEY_CHARACTERS.test(key)) problems.push(`${where}: key must be printable ASCII without spaces or ':'`);
  if (typeof role !== 'string' || !(KEY_ROLES as readonly string[]).includes(role)) problems.push(`${where}: role must be one of ${KEY_ROLES.join(', ')}`);
  if (name !== undefined && (typeof name !== 'string' || name.length > 200)) problems.push(`${where}: name, when given, must be a string of at most 200 characters`);
  const unknown = Object.keys(item).filter((field) => !['key', 'project', 'role', 'name'].includes(field));
  if (unknown.length > 0) problems.push(`${where}: unknown field(s) ${unknown.map((field) => JSON.stringify(field.slice(0, 40))).join(', ')}`);
  if (problems.length > 0) return { problems };
  return { entry: { key: key as string, project: project as string, role: role as KeyRole, ...(name === undefined ? {} : { name: name as string }) } };
}

/** Why a key was not taken. */
export type KeyRefusal = 'missing' | 'unknown' | 'wrong_role';

export type KeyResolution = { ok: true; project: string; role: KeyRole } | { ok: false; refusal: KeyRefusal };

/**
 * The configured keys, looked up in constant time. Each key is stored under the SHA-256 digest of
 * its text, and a key presented is hashed the same way before the lookup: the time a lookup takes
 * depends on the digest, never on how many leading characters the presented key shares with a
 * real one, and learning about a digest teaches nothing about the key behind it (SHA-256 has no
 * known preimage attack). Comparing the texts with === would leak exactly that prefix length.
 * Several keys per project and role may be valid at once: that is how a key is rotated.
 */
export class KeyRing {
  private readonly byDigest = new Map<string, { project: string; role: KeyRole }>();

  constructor(entries: readonly KeyEntry[]) {
    const problems: string[] = [];
    const placeOf = new Map<string, number>();
    entries.forEach((entry, index) => {
      const digest = digestOf(entry.key);
      const earlier = placeOf.get(digest);
      if (earlier !== undefined) problems.push(`entry ${index} (project ${entry.project}) has the same key as entry ${earlier}: each key must be unique`);
      else placeOf.set(digest, index);
      this.byDigest.set(digest, { project: entry.project, role: entry.role });
    });
    if (problems.length > 0) throw new KeyRingError(problems);
  }

  get size(): number {
    return this.byDigest.size;
  }

  /** The projects that have a key of one of these roles. */
  projectsWith(roles: readonly KeyRole[]): string[] {
    return [...new Set([...this.byDigest.values()].filter((e) => roles.includes(e.role)).map((e) => e.project))].sort();
  }

  /** The project of a key allowed one of `roles`; or why not. */
  resolve(key: string | undefined, roles: readonly KeyRole[]): KeyResolution {
    if (key === undefined || key === '') return { ok: false, refusal: 'missing' };
    const found = this.byDigest.get(digestOf(key));
    if (!found) return { ok: false, refusal: 'unknown' };
    if (!roles.includes(found.role)) return { ok: false, refusal: 'wrong_role' };
    return { ok: true, project: found.project, role: found.role };
  }
}

/**
 * Who may do what: in `open` mode every request is the default project's, whatever key it
 * carries (and the key is not looked at); in `keys` mode the ring decides.
 */
export class Access {
  constructor(
    readonly mode: AuthMode,
    readonly ring: KeyRing = new KeyRing([]),
  ) {}

  static open(): Access {
    return new Access('open');
  }

  resolve(key: string | undefined, roles: readonly KeyRole[]): KeyResolution {
    if (this.mode === 'open') return { ok: true, project: DEFAULT_PROJECT, role: roles[0] };
    return this.ring.resolve(key, roles);
  }
}

function digestOf(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
