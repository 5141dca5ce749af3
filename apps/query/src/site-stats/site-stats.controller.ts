import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadScope, ReadScopeOf } from '../read-scope/read-scope';
import { siteStatsOf } from './site-stats-answer';
import { SiteStatsQueryDto } from './site-stats-query.dto';
import { SiteStatsDto } from './site-stats.dto';
import { SiteStatsRepository } from './site-stats.repository';

@ApiTags('site analytics (seed 004)')
@Controller('stats')
export class SiteStatsController {
  constructor(private readonly repository: SiteStatsRepository) {}

  @Get()
  @ApiOperation({ summary: "One site's page views, unique users and most viewed paths of one UTC day" })
  @ApiOkResponse({ type: SiteStatsDto })
  @ApiBadRequestResponse({ description: '`errors` names each invalid parameter and why.' })
  async stats(@Query() query: SiteStatsQueryDto, @ReadScopeOf() scope: ReadScope): Promise<SiteStatsDto> {
    return siteStatsOf(query, await this.repository.dayStats(scope, query.site_id, query.date));
  }
}
