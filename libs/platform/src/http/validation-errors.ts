import { FieldError } from '@tributary/contracts';
import { ValidationError } from 'class-validator';

/** class-validator's nested errors (query parameters) as the flat `{field, reason}` list every answer uses. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = fieldPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({ field: path, reason: reasonFor(constraint, message, error) }));
    const reported = own.filter((e, i) => e.reason !== 'is required' || own.findIndex((o) => o.reason === 'is required') === i);
    return [...reported, ...toFieldErrors(error.children ?? [], path)];
  });
}

function reasonFor(constraint: string, message: string, error: ValidationError): string {
  if (constraint === 'whitelistValidation') return 'is not a known field';
  if (error.value === undefined || error.value === null) return 'is required';
  return message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message;
}

function fieldPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}
