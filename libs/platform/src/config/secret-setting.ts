import { readFileSync } from 'node:fs';
import type { Env } from './load-config';

const SECRET_SETTINGS = Symbol('secretSettings');

/**
 * Marks a setting as a secret: its value is never printed (a configuration error shows it as
 * "(secret)"), and it may come from a file instead, named by `<NAME>_FILE` (a mounted Kubernetes
 * or Docker Secret), read once at boot. One trailing newline of the file is dropped.
 */
export function IsSecret(): PropertyDecorator {
  return (target, property) => {
    const owner = target as Record<symbol, string[] | undefined>;
    const inherited = owner[SECRET_SETTINGS] ?? [];
    Object.defineProperty(owner, SECRET_SETTINGS, { value: [...inherited, String(property)], configurable: true });
  };
}

export function secretSettingsOf(section: new () => object): string[] {
  return (section.prototype as Record<symbol, string[] | undefined>)[SECRET_SETTINGS] ?? [];
}

/**
 * The environment with each secret setting's `<NAME>_FILE` read into `<NAME>`. Problems name the
 * variable and the path, never what the file holds.
 */
export function readSecretFiles(
  section: new () => object,
  env: Env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): { env: Env; problems: string[] } {
  const resolved: Env = { ...env };
  const problems: string[] = [];
  for (const name of secretSettingsOf(section)) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}_FILE=${JSON.stringify(path)}: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      resolved[name] = readFile(path).replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}_FILE=${JSON.stringify(path)}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return { env: resolved, problems };
}
