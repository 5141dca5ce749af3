import { applyDecorators } from '@nestjs/common';
import { EVENT_LIMITS } from '@tributary/contracts';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';
import { IsIntegerParam } from '../log-listing/integer-param';
import { DIMENSION_NAMES, PROPERTY_KEY } from './dimensions';
import { FILTER_REASON, FILTER_VALUE_MAX_LENGTH, GROUP_BY_REASON, MAX_EVENT_NAMES, MAX_FILTERS, parseFilter, parseGroupBy, STATS_LIMIT } from './stats-query';
import { TIME_BUCKETS } from './time-buckets';

/** The documented forms of group_by and filter: what the parsers take (the DTO's spec checks it), but an entry named twice. */
const DIMENSION_PATTERN = `(?:${DIMENSION_NAMES.join('|')}|property\\.[^,:]{${PROPERTY_KEY.minLength},${PROPERTY_KEY.maxLength}})`;
const TIME_BUCKET_PATTERN = `(?:${TIME_BUCKETS.join('|')})`;
export const GROUP_BY_PATTERN = `^(?:${DIMENSION_PATTERN}(?:,(?:${DIMENSION_PATTERN}|${TIME_BUCKET_PATTERN}))?|${TIME_BUCKET_PATTERN}(?:,${DIMENSION_PATTERN})?)$`;
export const FILTER_PATTERN = `^${DIMENSION_PATTERN}:[\\s\\S]{0,${FILTER_VALUE_MAX_LENGTH}}$`;

const EVENT_NAME_REASON = `must be event names of 1 to ${EVENT_LIMITS.nameLength} characters, at most ${MAX_EVENT_NAMES} (event_name=a&event_name=b)`;
const LIMIT_REASON = `must be an integer from 1 to ${STATS_LIMIT.max}`;

/** A repeatable query parameter: one value is a list of one; each value must pass `isValid`. */
function IsRepeatedParam(maxItems: number, isValid: (item: string) => boolean, reason: (items: unknown) => string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? [value] : value)),
    ValidateBy({
      name: 'isRepeatedParam',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && value.length <= maxItems && value.every((item) => typeof item === 'string' && isValid(item)),
        defaultMessage: (args) => reason(args?.value),
      },
    }),
  );
}

export function IsEventNames(): PropertyDecorator {
  return IsRepeatedParam(MAX_EVENT_NAMES, (name) => name.length > 0 && [...name].length <= EVENT_LIMITS.nameLength, () => EVENT_NAME_REASON);
}

export function IsFilters(): PropertyDecorator {
  return IsRepeatedParam(MAX_FILTERS, (filter) => 'value' in parseFilter(filter), filterReason);
}

/** A filter's reason names the first filter refused, when there is one. */
function filterReason(items: unknown): string {
  const refused = Array.isArray(items) ? items.find((item) => typeof item !== 'string' || 'reason' in parseFilter(item)) : undefined;
  return typeof refused === 'string' ? `${FILTER_REASON} (refused: ${JSON.stringify(refused.slice(0, 64))})` : FILTER_REASON;
}

export function IsGroupBy(): PropertyDecorator {
  return ValidateBy({
    name: 'isGroupBy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && 'value' in parseGroupBy(value),
      defaultMessage: (args) => {
        const parsed = typeof args?.value === 'string' ? parseGroupBy(args.value) : undefined;
        return parsed && 'reason' in parsed ? parsed.reason : GROUP_BY_REASON;
      },
    },
  });
}

export function IsLimit(): PropertyDecorator {
  return IsIntegerParam({ min: 1, max: STATS_LIMIT.max, belowMin: LIMIT_REASON, aboveMax: LIMIT_REASON, notInteger: LIMIT_REASON });
}
