import { AUTH_MODES, AuthMode } from '@tributary/contracts';
import { IsIn, IsString, ValidateBy, ValidationArguments } from 'class-validator';

/**
 * Who may write and read: the gateway and the query app each load it at boot. The keys
 * themselves are never validated here (a failed rule quotes the variable's value): loadAccess
 * reads them with errors that name an entry by its place and project only.
 */
export class AuthConfig {
  /** `open`: no keys, every event into project `default`, every read of it (local use only; refused with NODE_ENV=production). `keys`: every write and read needs a key of TRIBUTARY_KEYS or TRIBUTARY_KEYS_FILE. */
  @IsIn(AUTH_MODES)
  @KeysInProduction()
  TRIBUTARY_AUTH: AuthMode = 'open';

  /** The keys as JSON, `[{"key": "...", "project": "shop", "role": "write|read|admin"}]`; added to the file's. Prefer the file in production: a variable shows in `ps e` and in the pod spec. */
  @IsString()
  TRIBUTARY_KEYS = '';

  /** A JSON file of keys in the same format, e.g. a mounted Kubernetes Secret. */
  @IsString()
  TRIBUTARY_KEYS_FILE = '';

  /** `production` (the image sets it) refuses TRIBUTARY_AUTH=open. */
  @IsString()
  NODE_ENV = '';
}

/** With NODE_ENV=production (a field of the same configuration), keys are on: open mode lets anyone write and read. */
function KeysInProduction(): PropertyDecorator {
  return ValidateBy({
    name: 'keysInProduction',
    validator: {
      validate: (mode: unknown, { object }: ValidationArguments) => mode !== 'open' || (object as { NODE_ENV?: string }).NODE_ENV !== 'production',
      defaultMessage: ({ property }: ValidationArguments) => `${property} must be keys when NODE_ENV=production: open mode lets anyone write and read every event`,
    },
  });
}
