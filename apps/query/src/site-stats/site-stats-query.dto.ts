import { ApiProperty } from '@nestjs/swagger';
import { EVENT_LIMITS } from '@tributary/contracts';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDay } from './iso-day';

const SITE_ID_REASON = `must be a non-empty string of at most ${EVENT_LIMITS.shortStringLength} characters`;

/** The query of seed 004's `GET /stats`. */
export class SiteStatsQueryDto {
  @ApiProperty({ description: 'The site, as its events name it.', example: 'site-abc-123', minLength: 1, maxLength: EVENT_LIMITS.shortStringLength })
  @IsString({ message: SITE_ID_REASON })
  @IsNotEmpty({ message: SITE_ID_REASON })
  @MaxLength(EVENT_LIMITS.shortStringLength, { message: SITE_ID_REASON })
  site_id!: string;

  @ApiProperty({ description: 'The day, in UTC, from 2000-01-01 to 2099-12-31.', example: '2025-11-12', format: 'event-day' })
  @IsIsoDay()
  date!: string;
}
