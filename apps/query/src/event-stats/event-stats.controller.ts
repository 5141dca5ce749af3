import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ReadScope, ReadScopeOf } from '../read-scope/read-scope';
import { EventStatsQueryDto, eventStatsQueryOf } from './event-stats-query.dto';
import { EventStatsDto } from './event-stats.dto';
import { EventStatsService } from './event-stats.service';

@ApiTags('metrics')
@Controller('events/stats')
export class EventStatsController {
  constructor(private readonly service: EventStatsService) {}

  @Get()
  @ApiOperation({
    summary: 'Counts and unique users of any events: filtered by dimensions and properties, grouped by up to two dimensions or time buckets in a time zone, top N',
  })
  @ApiOkResponse({ type: EventStatsDto })
  @ApiBadRequestResponse({ description: '`errors` names each invalid parameter and the allowed values.' })
  @ApiResponse({ status: 431, description: 'The request line and headers are over 16 KiB: fewer or shorter event_name and filter values.' })
  stats(@Query() query: EventStatsQueryDto, @ReadScopeOf() scope: ReadScope): Promise<EventStatsDto> {
    return this.service.stats(eventStatsQueryOf(query, scope));
  }
}
