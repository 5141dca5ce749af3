import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventMetricsDto } from './event-metrics.dto';
import { EventMetricsService } from './event-metrics.service';
import { MetricsQueryDto } from './metrics-query.dto';

@ApiTags('metrics')
@Controller('events/metrics')
export class EventMetricsController {
  constructor(private readonly service: EventMetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Exact counts and unique users of one event name, optionally grouped by channel, day or hour' })
  @ApiOkResponse({ type: EventMetricsDto })
  @ApiBadRequestResponse({ description: '`errors` names each invalid parameter and the allowed values.' })
  metrics(@Query() query: MetricsQueryDto): Promise<EventMetricsDto> {
    return this.service.metrics(query);
  }
}
