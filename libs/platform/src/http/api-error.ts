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
