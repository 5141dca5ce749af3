import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_LIMITS } from '@tributary/contracts';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntegerParam } from './integer-param';
import { LOG_MAX_PAGE, LOG_PAGE_SIZE, LOG_SORTS, LogQuery, LogSort } from './log-query';

const EVENT_NAME_REASON = `must be a string of at most ${EVENT_LIMITS.nameLength} characters`;

/** The query of seed 002's `GET /api/read`; each refusal reads as seed 002 words its own. */
export class LogListingQueryDto implements LogQuery {
  @ApiPropertyOptional({ description: 'Logs whose event_name contains this text, in any case. Absent: every event name.', example: 'new', maxLength: EVENT_LIMITS.nameLength })
  @IsOptional()
  @IsString({ message: EVENT_NAME_REASON })
  @MaxLength(EVENT_LIMITS.nameLength, { message: EVENT_NAME_REASON })
  event_name?: string;

  @ApiPropertyOptional({
    description: "Logs of this customer (the log's customer_id). Absent: every customer's.",
    example: 18,
    type: 'integer',
    minimum: -EVENT_LIMITS.maxInteger,
    maximum: EVENT_LIMITS.maxInteger,
  })
  @IsOptional()
  @IsIntegerParam({
    min: -EVENT_LIMITS.maxInteger,
    max: EVENT_LIMITS.maxInteger,
    belowMin: `must be a minimum of -${EVENT_LIMITS.maxInteger}`,
    aboveMax: `must be a maximum of ${EVENT_LIMITS.maxInteger}`,
  })
  customer_id?: number;

  @ApiPropertyOptional({
    description: 'Order of the logs: created_at or event_name, descending with a leading -; created_at by default. Logs with equal values keep one order.',
    enum: LOG_SORTS,
    default: 'created_at',
    example: '-created_at',
  })
  @IsIn(LOG_SORTS, { message: 'invalid sort value' })
  sort: LogSort = 'created_at';

  @ApiPropertyOptional({ description: 'Page to answer, from 1 (the default).', example: 1, type: 'integer', minimum: 1, maximum: LOG_MAX_PAGE, default: 1 })
  @IsIntegerParam({ min: 1, max: LOG_MAX_PAGE, belowMin: 'must be greater than zero', aboveMax: 'must be a maximum of 10 million' })
  page = 1;

  @ApiPropertyOptional({ description: 'Logs per page.', example: 10, type: 'integer', minimum: 1, maximum: LOG_PAGE_SIZE.max, default: LOG_PAGE_SIZE.default })
  @IsIntegerParam({ min: 1, max: LOG_PAGE_SIZE.max, belowMin: 'must be greater than zero', aboveMax: `must be a maximum of ${LOG_PAGE_SIZE.max}` })
  page_size: number = LOG_PAGE_SIZE.default;
}
