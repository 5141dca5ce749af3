import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_BATCH_SCHEMA, EVENT_SCHEMA } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';
import { FastifyRequest } from 'fastify';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AcceptedBatchDto, AcceptedEventDto } from './accepted.dto';
import { EventIngestionService, RequestContext } from './event-ingestion.service';
import { NDJSON } from './body-parsers';

@ApiTags('events')
@ApiBadRequestResponse({ description: 'Invalid input; `errors` names each refused field and why. Nothing was accepted.' })
@ApiServiceUnavailableResponse({ description: 'Kafka did not acknowledge; nothing was accepted. Retry after Retry-After seconds.' })
@Controller('events')
export class EventsController {
  constructor(private readonly ingestion: EventIngestionService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send one event' })
  @ApiBody({ schema: EVENT_SCHEMA as SchemaObject })
  @ApiAcceptedResponse({ type: AcceptedEventDto, description: 'Stored in Kafka; it will be counted once.' })
  async create(@Body() body: unknown, @Req() request: FastifyRequest): Promise<AcceptedEventDto> {
    return { id: await this.ingestion.ingestOne(body, contextOf(request)) };
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send up to 1000 events: JSON {"events": [...]} or NDJSON, one event a line' })
  @ApiConsumes('application/json', NDJSON)
  @ApiBody({ schema: EVENT_BATCH_SCHEMA as SchemaObject })
  @ApiAcceptedResponse({ type: AcceptedBatchDto, description: 'All stored in Kafka; ids in request order.' })
  async createBatch(@Body() body: unknown, @Req() request: FastifyRequest): Promise<AcceptedBatchDto> {
    return { ids: await this.ingestion.ingestBatch(eventsOf(body), contextOf(request)) };
  }
}

function contextOf(request: FastifyRequest): RequestContext {
  const declared = Number(request.headers['content-length']);
  return { receivedAt: new Date(), clientIp: request.ip, bodyBytes: Number.isFinite(declared) && declared > 0 ? declared : undefined };
}

function eventsOf(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidInputError([{ field: 'body', reason: 'must be a JSON object {"events": [...]}' }], 'Invalid batch');
  }
  const unknown = Object.keys(body).filter((key) => key !== 'events');
  if (unknown.length > 0) {
    throw new InvalidInputError(unknown.map((field) => ({ field, reason: 'is not a known field' })), 'Invalid batch');
  }
  return (body as { events?: unknown }).events;
}
