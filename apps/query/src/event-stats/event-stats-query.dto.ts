import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_LIMITS } from '@tributary/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { IsTimeBound, TIME_BOUND_FORMAT, timeRangeOf } from '../event-metrics/time-bound';
import { DIMENSION_NAMES } from './dimensions';
import { FILTER_PATTERN, GROUP_BY_PATTERN, IsEventNames, IsFilters, IsGroupBy, IsLimit } from './stats-param-validators';
import { COUNT_MODES, CountMode, EventStatsQuery, MAX_EVENT_NAMES, MAX_FILTERS, mergeFilters, parseFilter, parseGroupBy, Parsed, STATS_LIMIT } from './stats-query';
import { TIME_BUCKETS } from './time-buckets';
import { canonicalTimeZone, IsTimeZone, TIME_ZONE_FORMAT } from './zoned-time';

/** The query of `GET /events/stats`. */
export class EventStatsQueryDto {
  @ApiPropertyOptional({
    description: `Count events of these names (repeat the parameter: event_name=a&event_name=b; several mean any of them). Every event when absent.`,
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: EVENT_LIMITS.nameLength },
    maxItems: MAX_EVENT_NAMES,
    example: ['purchase'],
  })
  @IsEventNames()
  event_name: string[] = [];

  @ApiPropertyOptional({ description: 'Start of the range, inclusive: ISO 8601 (UTC without a zone) or Unix seconds.', example: '2024-03-29T00:00:00+01:00', format: TIME_BOUND_FORMAT })
  @IsOptional()
  @IsTimeBound()
  from?: string;

  @ApiPropertyOptional({ description: 'End of the range, inclusive: ISO 8601 (UTC without a zone) or Unix seconds; not before from.', example: '2024-04-03T23:59:59+02:00', format: TIME_BOUND_FORMAT })
  @IsOptional()
  @IsTimeBound()
  to?: string;

  @ApiPropertyOptional({
    description: "The IANA time zone of the time buckets: days, weeks (from Monday) and months begin as its calendar says. Answered under its canonical name.",
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
      'Keep events whose dimension has the value: `<dimension>:<value>` (country:DE, property.plan:pro; an empty value matches events without one). ' +
      'Repeat the parameter: one dimension several times means any of its values, different dimensions must all hold. ' +
      `Dimensions: ${DIMENSION_NAMES.join(', ')}, or property.<key>, a top-level field of the event's own properties compared as text ` +
      '(a string as itself, any other value as its JSON: 3, true, null).',
    type: 'array',
    items: { type: 'string', pattern: FILTER_PATTERN },
    maxItems: MAX_FILTERS,
    example: ['country:DE', 'property.plan:pro'],
  })
  @IsFilters()
  filter: string[] = [];

  @ApiPropertyOptional({
    description:
      'Split the counts: one or two comma-separated entries, each a dimension (as in filter) or a time bucket of the zone tz, at most one: ' +
      `${TIME_BUCKETS.join(', ')}. Time buckets are filled with zeros from the range's start to its end (without from or to: the first or last event's bucket).`,
    type: 'string',
    pattern: GROUP_BY_PATTERN,
    example: 'country,day',
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
      'so an event sent twice and not merged yet counts twice, and estimates unique users within about 1-2 %.',
    enum: COUNT_MODES,
    default: 'exact',
    example: 'exact',
  })
  @IsIn(COUNT_MODES, { message: `$property must be one of ${COUNT_MODES.join(', ')}` })
  count: CountMode = 'exact';
}

/** The validated parameters read into the query: filters by dimension, group_by entries, instants. */
export function eventStatsQueryOf(dto: EventStatsQueryDto): EventStatsQuery {
  return {
    eventNames: [...new Set(dto.event_name)],
    ...timeRangeOf(dto.from, dto.to),
    tz: dto.tz,
    filters: mergeFilters(dto.filter.map((filter) => accepted(parseFilter(filter)))),
    groupBy: dto.group_by === undefined ? [] : accepted(parseGroupBy(dto.group_by)),
    limit: dto.limit,
    approximate: dto.count === 'approximate',
  };
}

/** What a parser gives for a parameter the DTO's validation has passed. */
function accepted<T>(parsed: Parsed<T>): T {
  if ('reason' in parsed) throw new Error(`a validated parameter was refused: ${parsed.reason}`);
  return parsed.value;
}
