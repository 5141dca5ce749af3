import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadScope, ReadScopeOf } from '../read-scope/read-scope';
import { EventMetricsDto } from './event-metrics.dto';
import { EventMetricsService } from './event-metrics.service';
import { MetricsQueryDto } from './metrics-query.dto';

/** Seed 000's `GET /events/metrics`, and seed 001's `GET /metrics`, which takes the same parameters. */
@ApiTags('metrics')
@Controller()
export class EventMetricsController {
  constructor(private readonly service: EventMetricsService) {}

  @Get(['events/metrics', 'metrics'])
  @ApiOperation({ summary: 'Exact counts and unique users of one event name, optionally grouped by channel, day or hour (GET /metrics: seed 001\'s path)' })
  @ApiOkResponse({ type: EventMetricsDto })
  @ApiBadRequestResponse({ description: '`errors` names each invalid parameter and the allowed values.' })
  metrics(@Query() query: MetricsQueryDto, @ReadScopeOf() scope: ReadScope): Promise<EventMetricsDto> {
    return this.service.metrics(query, scope);
  }
}
