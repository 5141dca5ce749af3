import { Controller, Get, Query, UseFilters } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadScope, ReadScopeOf } from '../read-scope/read-scope';
import { logListingOf } from './log-listing-answer';
import { LogListingQueryDto } from './log-listing-query.dto';
import { LogListingDto } from './log-listing.dto';
import { LogListingRepository } from './log-listing.repository';
import { LogServiceErrorFilter } from './log-service-error.filter';

@ApiTags('log service (seed 002)')
@Controller('api/read')
@UseFilters(LogServiceErrorFilter)
export class LogListingController {
  constructor(private readonly logs: LogListingRepository) {}

  @Get()
  @ApiOperation({ summary: "Seed 002's logs, filtered by event_name or customer_id, sorted and paginated" })
  @ApiOkResponse({ type: LogListingDto })
  @ApiBadRequestResponse({ description: 'Each invalid parameter and why, as seed 002 answers: `{"error": {"sort": "invalid sort value"}}`.' })
  async read(@Query() query: LogListingQueryDto, @ReadScopeOf() scope: ReadScope): Promise<LogListingDto> {
    return logListingOf(await this.logs.findPage(scope, query), query);
  }
}
