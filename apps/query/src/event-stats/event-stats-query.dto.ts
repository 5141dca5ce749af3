import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { ReadScope } from '../read-scope/read-scope';
import { accepted, EventSelectionQueryDto, eventSelectionOf } from './event-selection-query.dto';
import { GROUP_BY_PATTERN, IsGroupBy, IsLimit } from './stats-param-validators';
import { COUNT_MODES, CountMode, EventStatsQuery, parseGroupBy, STATS_LIMIT } from './stats-query';
import { TIME_BUCKETS } from './time-buckets';
import { canonicalTimeZone, IsTimeZone, TIME_ZONE_FORMAT } from './zoned-time';

/** The query of `GET /events/stats`: the events (event_name, from, to, filter), then how to count them. */
export class EventStatsQueryDto extends EventSelectionQueryDto {
  @ApiPropertyOptional({
    description: "The IANA time zone of the time buckets: days, weeks (from Monday) and months begin as its calendar says. Answered under its canonical name. Default: UTC.",
    type: 'string',
    format: TIME_ZONE_FORMAT,
    default: 'UTC',
    example: 'Europe/Berlin',
  })
  @Transform(({ value }) => canonicalTimeZone(value) ?? value)
  @IsTimeZone()
  tz = 'UTC';

  @ApiPropertyOptional({
    description:
      'Split the counts: one or two comma-separated entries, each a dimension (as in filter) or a time bucket of the zone tz, at most one: ' +
      `${TIME_BUCKETS.join(', ')}. Time buckets are filled with zeros from the range's start to its end (without from or to: the first or last event's bucket). Absent: the totals only.`,
    type: 'string',
    pattern: GROUP_BY_PATTERN,
    example: 'channel,day',
  })
  @IsOptional()
  @IsGroupBy()
  group_by?: string;

  @ApiPropertyOptional({
    description: `The most groups answered: the top ones by total_count (with a time bucket alone: the first buckets). groups_total says how many there are.`,
    type: 'integer',
    minimum: 1,
    maximum: STATS_LIMIT.max,
    default: STATS_LIMIT.default,
    example: 10,
  })
  @IsLimit()
  limit: number = STATS_LIMIT.default;

  @ApiPropertyOptional({
    description:
      'exact: every copy of an event collapsed (read FINAL) and unique users counted exactly. approximate: faster, reads the table as stored, ' +
      'so an event sent twice and not merged yet counts twice, and estimates unique users (HyperLogLog: a standard error of about 1.6 %). ' +
      'Exact users cost a set per group over every event read: about a second for every one of 10M events by a dimension, which approximate answers about 8 times sooner.',
    enum: COUNT_MODES,
    default: 'exact',
    example: 'exact',
  })
  @IsIn(COUNT_MODES, { message: `$property must be one of ${COUNT_MODES.join(', ')}` })
  count: CountMode = 'exact';
}

/** The validated parameters read into the query, within the request's scope: filters by dimension, group_by entries, instants. */
export function eventStatsQueryOf(dto: EventStatsQueryDto, scope: ReadScope): EventStatsQuery {
  return {
    ...eventSelectionOf(dto, scope),
    tz: dto.tz,
    groupBy: dto.group_by === undefined ? [] : accepted(parseGroupBy(dto.group_by)),
    limit: dto.limit,
    approximate: dto.count === 'approximate',
  };
}
