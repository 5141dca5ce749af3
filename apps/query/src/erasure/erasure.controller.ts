import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { AdminOnly } from '../read-scope/admin-only';
import { ReadScope, ReadScopeOf } from '../read-scope/read-scope';
import { ERASURE_REQUEST_SCHEMA, ErasureRequestDto } from './erasure-request.dto';
import { ErasureDto, ErasureListDto } from './erasure.dto';
import { ErasureService } from './erasure.service';

const ADMIN_KEY = "Needs the project's **admin** key (`Authorization: Bearer <key>` or X-Read-Key) when TRIBUTARY_AUTH=keys; with keys off (the local default) anyone who reaches the query app may call it, on project `default`. Served by the query app only, never forwarded by the gateway.";
const FORBIDDEN = "A valid key that is not the project's admin key (a read key); `errors` names `authorization`. Nothing was done.";

@ApiTags('administration')
@AdminOnly()
@Controller('admin/erasures')
export class ErasureController {
  constructor(private readonly erasures: ErasureService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a user: delete every event of the user id in the admin key's project (GDPR's right to erasure)",
    description:
      `Records the request, then deletes every stored event whose user_id or user key is \`user_id\`; answers once they are gone from every read (metrics, stats, listings, seeds' reads). Copies arriving later (resent, redelivered) of events received or dated before the request are deleted by the writer as they are stored; new events of the user are kept. Kafka keeps the raw messages until its retention (README, "Security"). ${ADMIN_KEY}`,
  })
  @ApiBody({ schema: ERASURE_REQUEST_SCHEMA })
  @ApiOkResponse({ type: ErasureDto, description: 'Erased; the request is recorded (GET /admin/erasures).' })
  @ApiBadRequestResponse({ description: '`errors` names `user_id` and why. Nothing was recorded or deleted.' })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  erase(@Body() body: ErasureRequestDto, @ReadScopeOf() scope: ReadScope, @Req() request: FastifyRequest): Promise<ErasureDto> {
    return this.erasures.erase(scope, body.user_id, request.id);
  }

  @Get()
  @ApiOperation({ summary: "The project's recorded erasures, newest first", description: ADMIN_KEY })
  @ApiOkResponse({ type: ErasureListDto })
  @ApiForbiddenResponse({ description: FORBIDDEN })
  list(@ReadScopeOf() scope: ReadScope): Promise<ErasureListDto> {
    return this.erasures.list(scope);
  }
}
