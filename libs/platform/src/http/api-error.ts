import { BadRequestException, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { FieldError } from '@tributary/contracts';
import { STATUS_CODES } from 'node:http';

/** The body of every error answer of every app. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Each refused field and why, for 4xx caused by input. */
  errors?: FieldError[];
  /** For 5xx: quote it when reporting the problem; the same id is in the log. */
  error_id?: string;
}

export function apiErrorBody(statusCode: number, message: string, errors?: FieldError[]): ApiErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(errors ? { errors } : {}) };
}

/** A request refused because of what it carried: 400 naming every offending field. */
export class FieldValidationException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[], summary = 'Invalid request') {
    super(apiErrorBody(HttpStatus.BAD_REQUEST, `${summary}: ${describe(fieldErrors)}`, fieldErrors));
  }
}

function describe(errors: FieldError[]): string {
  const shown = errors.slice(0, 3).map((e) => `${e.field} ${e.reason}`);
  return errors.length > 3 ? `${shown.join('; ')}; and ${errors.length - 3} more` : shown.join('; ');
}

/** 503 with Retry-After: a dependency cannot take the request now, and nothing was accepted. */
export class RetryLaterException extends ServiceUnavailableException {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(apiErrorBody(HttpStatus.SERVICE_UNAVAILABLE, message));
  }
}
