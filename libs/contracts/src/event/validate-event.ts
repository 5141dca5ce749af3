import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { ClientEvent } from './client-event';
import { EventDto } from './event.dto';
import { FieldError } from './field-error';
import { EVENT_LIMITS } from './limits';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Validates one event as received. `path` prefixes every field named in an error
 * (`events[3]` in a batch). A valid event is returned as the object received: the rules
 * forbid unknown fields, so nothing is left to strip.
 */
export function validateEvent(raw: unknown, path = ''): Validated<ClientEvent> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: path || 'event', reason: 'must be a JSON object' }] };
  }
  const bytes = Buffer.byteLength(JSON.stringify(raw));
  if (bytes > EVENT_LIMITS.eventBytes) {
    return {
      ok: false,
      errors: [{ field: path || 'event', reason: `is ${bytes} bytes, over the limit of ${EVENT_LIMITS.eventBytes}` }],
    };
  }
  const errors = validateSync(plainToInstance(EventDto, raw), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  if (errors.length > 0) return { ok: false, errors: toFieldErrors(errors, path) };
  return { ok: true, value: raw as ClientEvent };
}

export function toFieldErrors(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const path = fieldPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => {
      if (error.contexts?.[constraint]?.atParent) return { field: parent, reason: message };
      return { field: path, reason: reasonFor(constraint, message, error) };
    });
    const reported = dropDuplicateRequired(own);
    return [...reported, ...toFieldErrors(error.children ?? [], path)];
  });
}

function reasonFor(constraint: string, message: string, error: ValidationError): string {
  if (constraint === 'whitelistValidation') return 'is not a known field';
  if (error.value === undefined || error.value === null) return 'is required';
  return message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
}

function dropDuplicateRequired(errors: FieldError[]): FieldError[] {
  return errors.filter((e, i) => e.reason !== 'is required' || errors.findIndex((o) => o.reason === 'is required' && o.field === e.field) === i);
}

function fieldPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}
