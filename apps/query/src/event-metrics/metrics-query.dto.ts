import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { EVENT_LIMITS } from '@tributary/contracts';
import { GROUP_BYS, GroupBy } from './group-by';
import { IsTimeBound } from './time-bound';

export class MetricsQueryDto {
  /** The event name to count, e.g. page_view. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(EVENT_LIMITS.nameLength)
  event_name!: string;

  /** Start of the range, inclusive: ISO 8601 or Unix seconds. */
  @IsOptional()
  @IsTimeBound()
  from?: string;

  /** End of the range, inclusive: ISO 8601 or Unix seconds. */
  @IsOptional()
  @IsTimeBound()
  to?: string;

  /** Split the counts by channel, by UTC day or by UTC hour. */
  @IsOptional()
  @IsIn(GROUP_BYS, { message: `$property must be one of ${GROUP_BYS.join(', ')}` })
  group_by?: GroupBy;
}
