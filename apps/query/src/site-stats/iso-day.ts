import { isEventDate } from '@tributary/contracts';
import { ValidateBy } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as seed 004 writes it, 2025-11-12, within the range events are dated in. */
export function isIsoDay(value: unknown): boolean {
  return typeof value === 'string' && DAY.test(value) && isEventDate(value);
}

export function IsIsoDay(): PropertyDecorator {
  return ValidateBy({
    name: 'isIsoDay',
    validator: {
      validate: isIsoDay,
      defaultMessage: () => 'must be a real date written YYYY-MM-DD, such as 2025-11-12, from 2000-01-01 to 2100-01-01',
    },
  });
}
