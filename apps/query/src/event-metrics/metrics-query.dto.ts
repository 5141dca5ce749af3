import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { EVENT_LIMITS } from '@tributary/contracts';
import { GROUP_BYS, GroupBy } from './group-by';
import { RangeFromParam, RangeToParam } from './time-range-params';

export class MetricsQueryDto {
  @ApiProperty({ description: 'The event name to count.', example: 'page_view', minLength: 1, maxLength: EVENT_LIMITS.nameLength })
  @IsString()
  @IsNotEmpty()
  @MaxLength(EVENT_LIMITS.nameLength)
  event_name!: string;

  @RangeFromParam()
  from?: string;

  @RangeToParam()
  to?: string;

  @ApiPropertyOptional({ description: 'Split the counts: `channel`, `daily` (UTC days) or `hourly` (UTC hours). Absent: the totals only.', enum: GROUP_BYS, example: 'channel' })
  @IsOptional()
  @IsIn(GROUP_BYS, { message: `$property must be one of ${GROUP_BYS.join(', ')}` })
  group_by?: GroupBy;
}
