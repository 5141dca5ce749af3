import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';

/** A TCP port; 0 lets the OS pick one (tests). */
export function IsPort(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(0), Max(65535));
}
