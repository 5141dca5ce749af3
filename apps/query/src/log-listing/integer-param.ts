import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

const INTEGER_TEXT = /^[+-]?\d+$/;

export interface IntegerRange {
  min: number;
  max: number;
  belowMin: string;
  aboveMax: string;
  /** Seed 002's words when not given. */
  notInteger?: string;
}

/** Why a query parameter is not an integer of the range, in seed 002's words; undefined when it is. */
export function integerProblem(value: unknown, range: IntegerRange): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return range.notInteger ?? 'must be an integer value';
  if (value < range.min) return range.belowMin;
  if (value > range.max) return range.aboveMax;
  return undefined;
}

/** An integer query parameter: its decimal text read as a number, anything else refused with one reason. */
export function IsIntegerParam(range: IntegerRange): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value)),
    ValidateBy({
      name: 'isIntegerParam',
      validator: {
        validate: (value: unknown) => integerProblem(value, range) === undefined,
        defaultMessage: (args) => integerProblem(args?.value, range) ?? '',
      },
    }),
  );
}
