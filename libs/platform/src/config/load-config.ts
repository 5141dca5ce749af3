import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readSecretFiles, secretSettingsOf } from './secret-setting';

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads one configuration section from the environment, once, at boot. Field names are the
 * variable names; an empty variable counts as unset, so the field keeps its default. A bad
 * value throws a ConfigError naming the variable and the rule it broke. A secret setting
 * (@IsSecret) may come from the file named by `<NAME>_FILE`, and its value is never printed;
 * nor is the password in a URL.
 */
export function loadConfig<T extends object>(section: new () => T, givenEnv: Env): T {
  const { env, problems } = readSecretFiles(section, givenEnv);
  if (problems.length > 0) throw new ConfigError(problems);
  const secrets = secretSettingsOf(section);
  const defaults = new section() as Record<string, unknown>;
  const given = Object.fromEntries(
    Object.keys(defaults)
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, asTypeOf(defaults[name], String(env[name]))]),
  );
  const config = plainToInstance(section, { ...defaults, ...given });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map((e) => `${e.property}=${printable(secrets.includes(e.property), env[e.property] ?? e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return config;
}

function printable(secret: boolean, value: unknown): string {
  if (secret) return value === undefined || value === '' ? '""' : '(secret)';
  return JSON.stringify(value)?.replace(/(\/\/[^/@\s"]*?:)[^/@\s"]*@/g, '$1(secret)@') ?? 'undefined';
}

/** A variable takes the type of its field's default; a value that does not fit stays a string and fails validation. */
function asTypeOf(defaultValue: unknown, text: string): unknown {
  if (typeof defaultValue === 'number' && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
  if (typeof defaultValue === 'boolean' && /^(true|false|1|0)$/i.test(text.trim())) return /^(true|1)$/i.test(text.trim());
  return text;
}
