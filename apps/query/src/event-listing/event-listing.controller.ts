import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ReadScope, ReadScopeOf } from '../read-scope/read-scope';
import { eventListingOf } from './event-listing-answer';
import { EventListingQueryDto, eventListingQueryOf } from './event-listing-query.dto';
import { EventListingDto } from './event-listing.dto';
import { EventListingRepository } from './event-listing.repository';

/**
 * The events themselves, page by page. Not at GET /events: the Helm chart's Ingress routes a path
 * to the query app whatever its method, and POST /events is the gateway's.
 */
@ApiTags('events')
@Controller('events/list')
export class EventListingController {
  constructor(private readonly repository: EventListingRepository) {}

  @Get()
  @ApiOperation({
    summary: 'The events, filtered as GET /events/stats filters them, by event_time or received_at, in pages that follow each other by a cursor: no event on two pages, each copy of an event collapsed',
  })
  @ApiOkResponse({ type: EventListingDto })
  @ApiBadRequestResponse({ description: '`errors` names each invalid parameter (a cursor that was changed or cut: cursor) and the allowed values.' })
  @ApiResponse({ status: 431, description: 'The request line and headers are over 16 KiB: fewer or shorter event_name and filter values.' })
  async list(@Query() dto: EventListingQueryDto, @ReadScopeOf() scope: ReadScope): Promise<EventListingDto> {
    const query = eventListingQueryOf(dto, scope);
    return eventListingOf(query, await this.repository.page(query));
  }
}
