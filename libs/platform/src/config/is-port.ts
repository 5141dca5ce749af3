import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min, ValidateBy, ValidationArguments } from 'class-validator';

/** A TCP port; 0 lets the OS pick one (tests). */
export function IsPort(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(0), Max(65535));
}

/** A port of a second listener of the app: it cannot share the port in `otherPortField`, unless the OS picks both (0). */
export function IsPortOtherThan(otherPortField: string): PropertyDecorator {
  return applyDecorators(
    IsPort(),
    ValidateBy({
      name: 'isPortOtherThan',
      constraints: [otherPortField],
      validator: {
        validate: (port: unknown, { object }: ValidationArguments) => port === 0 || port !== (object as Record<string, unknown>)[otherPortField],
        defaultMessage: ({ property }: ValidationArguments) => `${property} must differ from ${otherPortField}`,
      },
    }),
  );
}
