import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { DIMENSIONS } from '../event-stats/dimensions';
import { CURSOR_EXAMPLE } from './listing-cursor';

@ApiSchema({
  description:
    "One event as stored, each copy of it collapsed into one. Under each dimension's name (as filter names it) its value, '' for an event without one; " +
    'properties is the producer\'s own properties, as JSON.',
})
export class ListedEventDto {
  [key: string]: unknown;

  @ApiProperty({ description: "The event's id: the same for every copy of it.", format: 'uuid', example: '0b9e5f3e-1b2c-4d4e-9f00-112233445566' })
  id!: string;

  @ApiProperty({ description: 'When it happened (its client time, corrected for clock skew; else when it was received), ISO 8601 in UTC.', format: 'date-time', example: '2024-03-30T14:05:09.120Z' })
  event_time!: string;

  @ApiProperty({ description: 'When the gateway received it, ISO 8601 in UTC (of the copy kept, for an event sent more than once).', format: 'date-time', example: '2024-03-30T14:05:09.480Z' })
  received_at!: string;

  @ApiProperty({ description: "The user's id; '' when it has none.", example: 'user-123' })
  user_id!: string;

  @ApiProperty({ description: "The anonymous id (seed 000's user_pseudo_id, Segment's anonymousId, PostHog's distinct_id without a person…); '' when it has none.", example: 'anon-7f3a' })
  anonymous_id!: string;

  @ApiProperty({ description: "The page's URL; '' when it has none.", example: 'https://example.com/pricing?plan=pro' })
  url!: string;

  @ApiProperty({ description: "The producer's own properties.", type: 'object', additionalProperties: true, example: { plan: 'pro', seats: 3 } })
  properties!: Record<string, unknown>;
}

for (const [name, { description, example }] of Object.entries(DIMENSIONS)) {
  ApiProperty({ description: `${description} (filter=${name}:…)`, type: 'string', example })(ListedEventDto.prototype, name);
}

/** The answer of `GET /events/list`. */
export class EventListingDto {
  @ApiProperty({ description: 'The page: up to limit events in the order sort asked for.', type: [ListedEventDto] })
  events!: ListedEventDto[];

  @ApiProperty({
    description: 'The cursor of the next page (pass it as cursor, with the same sort and filters); null on the last page.',
    type: 'string',
    nullable: true,
    example: CURSOR_EXAMPLE,
  })
  next_cursor!: string | null;
}
