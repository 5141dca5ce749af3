import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_LIMITS } from '@tributary/contracts';
import { timeRangeOf } from '../event-metrics/time-bound';
import { RangeFromParam, RangeToParam } from '../event-metrics/time-range-params';
import { ReadScope } from '../read-scope/read-scope';
import { DIMENSION_NAMES } from './dimensions';
import { EventSelection } from './event-selection';
import { FILTER_PATTERN, IsEventNames, IsFilters } from './stats-param-validators';
import { MAX_EVENT_NAMES, MAX_FILTERS, mergeFilters, parseFilter, Parsed } from './stats-query';

/** The parameters that choose events, shared by the reads of the events table (`GET /events/stats`, `GET /events/list`). */
export class EventSelectionQueryDto {
  @ApiPropertyOptional({
    description: `Events of these names (repeat the parameter: event_name=a&event_name=b; several mean any of them). Every event when absent.`,
    type: 'array',
    items: { type: 'string', minLength: 1, maxLength: EVENT_LIMITS.nameLength },
    maxItems: MAX_EVENT_NAMES,
    example: ['page_view'],
  })
  @IsEventNames()
  event_name: string[] = [];

  @RangeFromParam()
  from?: string;

  @RangeToParam()
  to?: string;

  @ApiPropertyOptional({
    description:
      'Keep events whose dimension has the value: `<dimension>:<value>` (country:DE, property.plan:pro; an empty value matches events without one). ' +
      'Repeat the parameter: one dimension several times means any of its values, different dimensions must all hold; at most ' +
      `${MAX_FILTERS}. Absent: every event of the names and range. ` +
      `Dimensions: ${DIMENSION_NAMES.join(', ')}, or property.<key>, a top-level field of the event's own properties compared as text ` +
      '(a string as itself, any other value as its JSON: 3, true, null).',
    type: 'array',
    items: { type: 'string', pattern: FILTER_PATTERN },
    maxItems: MAX_FILTERS,
    example: ['channel:web', 'browser:Chrome'],
  })
  @IsFilters()
  filter: string[] = [];
}

/** The validated parameters read into a selection within the request's scope: names once each, filters by dimension, instants. */
export function eventSelectionOf(dto: EventSelectionQueryDto, scope: ReadScope): EventSelection {
  return {
    scope,
    eventNames: [...new Set(dto.event_name)],
    ...timeRangeOf(dto.from, dto.to),
    filters: mergeFilters(dto.filter.map((filter) => accepted(parseFilter(filter)))),
  };
}

/** What a parser gives for a parameter the DTO's validation has passed. */
export function accepted<T>(parsed: Parsed<T>): T {
  if ('reason' in parsed) throw new Error(`a validated parameter was refused: ${parsed.reason}`);
  return parsed.value;
}
