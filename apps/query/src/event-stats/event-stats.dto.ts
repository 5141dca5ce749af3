import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { DIMENSIONS } from './dimensions';
import { TIME_BUCKETS } from './time-buckets';

@ApiSchema({
  description:
    "One group: under each group_by entry's name its value, then its counts. A dimension's value is text, '' for events without one; " +
    "a property.<key> entry's value is the string, else the value's JSON text (3, true, null), '' when absent; " +
    "a time bucket's value is the bucket's start in tz, ISO 8601 with the zone's offset then.",
})
export class EventStatsGroupDto {
  [key: string]: string | number;

  @ApiProperty({ description: 'Events of the group.', type: 'integer', minimum: 0, example: 42 })
  total_count!: number;

  @ApiProperty({ description: 'Distinct users among them.', type: 'integer', minimum: 0, example: 17 })
  unique_user_count!: number;
}

for (const [name, { description, example }] of Object.entries(DIMENSIONS)) {
  ApiPropertyOptional({ description: `With group_by=${name}. ${description}`, type: 'string', example })(EventStatsGroupDto.prototype, name);
}
for (const bucket of TIME_BUCKETS) {
  const description = `With group_by=${bucket}. The start of the ${bucket} in tz, ISO 8601 with the zone's offset then.`;
  ApiPropertyOptional({ description, type: 'string', format: 'date-time', example: '2024-04-01T00:00:00+02:00' })(EventStatsGroupDto.prototype, bucket);
}

/** The answer of `GET /events/stats`. */
export class EventStatsDto {
  @ApiProperty({ description: 'The event names counted; empty: every event.', type: [String], example: ['purchase'] })
  event_names!: string[];

  @ApiProperty({ description: 'The start of the range, ISO 8601 in UTC; null when unbounded.', type: 'string', format: 'date-time', nullable: true, example: '2024-03-28T23:00:00Z' })
  from!: string | null;

  @ApiProperty({ description: 'The end of the range, ISO 8601 in UTC; null when unbounded.', type: 'string', format: 'date-time', nullable: true, example: '2024-04-03T21:59:59Z' })
  to!: string | null;

  @ApiProperty({ description: "The time buckets' zone, under its canonical IANA name.", example: 'Europe/Berlin' })
  tz!: string;

  @ApiProperty({ description: "The group_by entries, each a key of every group; empty without group_by.", type: [String], example: ['country', 'day'] })
  group_by!: string[];

  @ApiProperty({
    description: 'Events matched. Exact: each counted once, however often it was sent. Approximate: copies not merged yet count too.',
    type: 'integer',
    minimum: 0,
    example: 1250,
  })
  total_count!: number;

  @ApiProperty({
    description: 'Distinct users among them: a user is the user_id, else the anonymous id; an event with neither counts no user. Approximate: a HyperLogLog estimate, a standard error of about 1.6 %.',
    type: 'integer',
    minimum: 0,
    example: 312,
  })
  unique_user_count!: number;

  @ApiProperty({
    description:
      'How many groups there are, of which groups holds up to limit: the groups of the dimensions; with a time bucket alone, the buckets; ' +
      "with a dimension and a time bucket, the dimension's values. 0 without group_by.",
    type: 'integer',
    minimum: 0,
    example: 3,
  })
  groups_total!: number;

  @ApiProperty({
    description:
      'By total_count, largest first, then by the values. With a time bucket alone: the buckets in time order, empty ones with zeros. ' +
      "With a dimension and a time bucket: the limit largest values, each with every bucket of the series in time order.",
    type: [EventStatsGroupDto],
  })
  groups!: EventStatsGroupDto[];

  @ApiProperty({ description: 'Whether count=approximate was asked.', example: false })
  approximate!: boolean;
}
