import { readFileSync } from 'node:fs';
import { ValidateBy, ValidationArguments } from 'class-validator';

/**
 * A path to a PEM file (a CA bundle, a certificate or a private key) that this process can read
 * now, at boot, rather than at the first connection. The message names the setting and the
 * path, never the file's content. An empty value (unset) passes.
 */
export function IsPemFile(): PropertyDecorator {
  return ValidateBy({
    name: 'isPemFile',
    validator: {
      validate: (path: unknown) => path === '' || problemOfPemFile(String(path)) === undefined,
      defaultMessage: ({ property, value }: ValidationArguments) => `${property} ${problemOfPemFile(String(value))}`,
    },
  });
}

function problemOfPemFile(path: string): string | undefined {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return content.includes('-----BEGIN ') ? undefined : 'is not a PEM file (no -----BEGIN line)';
}

/**
 * A setting that only means something when another holds: `applies(config)` says whether it
 * does, `when` says so in words. Left at its default otherwise, it passes; set, it is refused,
 * because a setting silently ignored is a mistake found in production.
 */
export function OnlyWhen(applies: (config: Record<string, unknown>) => boolean, when: string, defaultValue: unknown = ''): PropertyDecorator {
  return ValidateBy({
    name: 'onlyWhen',
    validator: {
      validate: (value: unknown, { object }: ValidationArguments) => value === defaultValue || applies(object as Record<string, unknown>),
      defaultMessage: ({ property }: ValidationArguments) => `${property} applies only when ${when}`,
    },
  });
}

/** A setting required when `applies(config)`: `when` says so in words. */
export function RequiredWhen(applies: (config: Record<string, unknown>) => boolean, when: string): PropertyDecorator {
  return ValidateBy({
    name: 'requiredWhen',
    validator: {
      validate: (value: unknown, { object }: ValidationArguments) => !applies(object as Record<string, unknown>) || (typeof value === 'string' && value !== ''),
      defaultMessage: ({ property }: ValidationArguments) => `${property} is required when ${when}`,
    },
  });
}

/** Two settings that go together (a client certificate and its key): both or neither. */
export function SetTogetherWith(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'setTogetherWith',
    constraints: [other],
    validator: {
      validate: (value: unknown, { object }: ValidationArguments) => (value === '') === ((object as Record<string, unknown>)[other] === ''),
      defaultMessage: ({ property }: ValidationArguments) => `${property} and ${other} go together: set both or neither`,
    },
  });
}
