import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsTimeBound, TIME_BOUND_FORMAT } from './time-bound';

const FORMS = 'ISO 8601 (a time without a zone is UTC) or Unix seconds';

/**
 * `from` and `to`, the range of event times every read of the events takes (GET /events/metrics,
 * /events/stats, /events/list): documented and validated once. The examples are January 2024,
 * the README's range. timeRangeOf refuses a `to` before `from`.
 */
export function RangeFromParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `Start of the range of event times, inclusive: ${FORMS}. Absent: no lower bound.`, example: '2024-01-01T00:00:00Z', format: TIME_BOUND_FORMAT }),
    IsOptional(),
    IsTimeBound(),
  );
}

export function RangeToParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: `End of the range of event times, inclusive: ${FORMS}; not before from. Absent: no upper bound.`, example: '2024-01-31T23:59:59Z', format: TIME_BOUND_FORMAT }),
    IsOptional(),
    IsTimeBound(),
  );
}
