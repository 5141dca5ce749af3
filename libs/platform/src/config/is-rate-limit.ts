import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';

/** Requests one client may make per window of its rate limit; 0: no limit. */
export function IsRequestLimit(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(0), Max(1_000_000_000));
}

/** The window of a rate limit, from a second (Retry-After counts in seconds) to a day. */
export function IsRateWindowMs(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(1000), Max(86_400_000));
}
