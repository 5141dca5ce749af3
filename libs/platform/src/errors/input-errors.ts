import { FieldError } from '@tributary/contracts';

/**
 * Errors any transport can answer, raised by use cases that know no HTTP; the apps' one exception
 * filter (ApiExceptionFilter) maps them to statuses.
 */

/** Refused because of what the request carried: names every offending field. Nothing was accepted. */
export class InvalidInputError extends Error {
  constructor(
    readonly fieldErrors: FieldError[],
    readonly summary = 'Invalid request',
  ) {
    super(`${summary}: ${describe(fieldErrors)}`);
    this.name = 'InvalidInputError';
  }
}

/**
 * Refused because the request carries no key of the role it needs: names the field the key goes
 * in and why (missing, or not a key of that role), never the key itself. Nothing was accepted.
 * `challenge`: the WWW-Authenticate header of the answer, where the scheme is a standard one.
 */
export class UnauthorizedError extends Error {
  constructor(
    readonly fieldErrors: FieldError[],
    readonly summary = 'Unauthorized',
    readonly challenge?: string,
  ) {
    super(`${summary}: ${describe(fieldErrors)}`);
    this.name = 'UnauthorizedError';
  }
}

/** A dependency cannot take the request now; nothing was accepted, and it may be sent again later. */
export class UnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'UnavailableError';
  }
}

function describe(errors: FieldError[]): string {
  const shown = errors.slice(0, 3).map((e) => `${e.field} ${e.reason}`);
  return errors.length > 3 ? `${shown.join('; ')}; and ${errors.length - 3} more` : shown.join('; ');
}
