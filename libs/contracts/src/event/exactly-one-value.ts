import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const PARAM_VALUE_FIELDS = ['string_value', 'number_value', 'boolean_value'] as const;

/**
 * Class-level rule hung on a property that is always present: a param carries exactly one value.
 * Its error is reported at the param itself (context.atParent), not at the property it hangs on.
 */
export function HasExactlyOneValue(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'hasExactlyOneValue',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { ...options, context: { atParent: true } },
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => countValues(args.object) === 1,
        defaultMessage: (args: ValidationArguments) =>
          `must have exactly one of ${PARAM_VALUE_FIELDS.join(', ')} (has ${countValues(args.object)})`,
      },
    });
}

function countValues(param: object): number {
  const record = param as Record<string, unknown>;
  return PARAM_VALUE_FIELDS.filter((field) => record[field] !== undefined && record[field] !== null).length;
}
