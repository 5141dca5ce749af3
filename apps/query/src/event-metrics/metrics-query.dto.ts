import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { EVENT_LIMITS } from '@tributary/contracts';
import { GROUP_BYS, GroupBy } from './group-by';
import { IsTimeBound, TIME_BOUND_FORMAT } from './time-bound';

export class MetricsQueryDto {
  @ApiProperty({ description: 'The event name to count.', example: 'page_view', minLength: 1, maxLength: EVENT_LIMITS.nameLength })
  @IsString()
  @IsNotEmpty()
  @MaxLength(EVENT_LIMITS.nameLength)
  event_name!: string;

  @ApiPropertyOptional({ description: 'Start of the range, inclusive: ISO 8601 (UTC without a zone) or Unix seconds.', example: '2024-01-15T00:00:00Z', format: TIME_BOUND_FORMAT })
  @IsOptional()
  @IsTimeBound()
  from?: string;

  @ApiPropertyOptional({ description: 'End of the range, inclusive: ISO 8601 (UTC without a zone) or Unix seconds.', example: '1705363199', format: TIME_BOUND_FORMAT })
  @IsOptional()
  @IsTimeBound()
  to?: string;

  @ApiPropertyOptional({ description: 'Split the counts by channel, by UTC day or by UTC hour.', enum: GROUP_BYS, example: 'channel' })
  @IsOptional()
  @IsIn(GROUP_BYS, { message: `$property must be one of ${GROUP_BYS.join(', ')}` })
  group_by?: GroupBy;
}
