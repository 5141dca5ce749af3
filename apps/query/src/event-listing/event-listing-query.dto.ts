import { ApiPropertyOptional } from '@nestjs/swagger';
import { InvalidInputError } from '@tributary/platform';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';
import { EventSelectionQueryDto, eventSelectionOf } from '../event-stats/event-selection-query.dto';
import { IsIntegerParam } from '../log-listing/integer-param';
import { ReadScope } from '../read-scope/read-scope';
import { CURSOR_EXAMPLE, CURSOR_REASON, decodeCursor } from './listing-cursor';
import { EventListingQuery, LISTING_LIMIT, LISTING_SORTS, ListingSort } from './listing-query';

const LIMIT_REASON = `must be an integer from 1 to ${LISTING_LIMIT.max}`;

/** The query of `GET /events/list`: the events (event_name, from, to, filter, as GET /events/stats takes them), their order, a page. */
export class EventListingQueryDto extends EventSelectionQueryDto {
  @ApiPropertyOptional({
    description: 'The order of the events: by event_time (when it happened) or received_at (when the gateway received it), descending with a leading `-`; events of one time by id.',
    enum: LISTING_SORTS,
    default: '-event_time',
    example: '-event_time',
  })
  @IsIn(LISTING_SORTS, { message: `$property must be one of ${LISTING_SORTS.join(', ')}` })
  sort: ListingSort = '-event_time';

  @ApiPropertyOptional({ description: 'The most events on a page.', type: 'integer', minimum: 1, maximum: LISTING_LIMIT.max, default: LISTING_LIMIT.default, example: 50 })
  @IsIntegerParam({ min: 1, max: LISTING_LIMIT.max, belowMin: LIMIT_REASON, aboveMax: LIMIT_REASON, notInteger: LIMIT_REASON })
  limit: number = LISTING_LIMIT.default;

  @ApiPropertyOptional({
    description: "The next page: the previous page's next_cursor, as it was given, with the same sort (and the same filters, or the pages answer another listing). The first page without.",
    type: 'string',
    pattern: '^[A-Za-z0-9_-]{1,200}$',
    example: CURSOR_EXAMPLE,
  })
  @IsOptional()
  @ValidateBy({ name: 'isListingCursor', validator: { validate: (value: unknown) => decodeCursor(value) !== undefined, defaultMessage: () => CURSOR_REASON } })
  cursor?: string;
}

/** The validated parameters read into the listing's query, within the request's scope; a cursor of another sort is refused, naming cursor. */
export function eventListingQueryOf(dto: EventListingQueryDto, scope: ReadScope): EventListingQuery {
  const after = dto.cursor === undefined ? undefined : decodeCursor(dto.cursor);
  if (after && after.sort !== dto.sort) {
    throw new InvalidInputError([{ field: 'cursor', reason: `was given for sort=${after.sort}, not sort=${dto.sort}: keep the sort of the page it came from` }]);
  }
  return { ...eventSelectionOf(dto, scope), sort: dto.sort, limit: dto.limit, ...(after && { after }) };
}
