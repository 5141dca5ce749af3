import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';

/**
 * The HTTP framework alone, for the Fastify-or-Express choice: a Nest app whose one route takes
 * a JSON event and answers 202 with an id, nothing else (no validation, no Kafka).
 * Usage: node nest-adapter-server.js <port> <fastify|express>
 */
export type NestAdapterName = 'fastify' | 'express';

@Controller()
class EventsController {
  @Post('events')
  @HttpCode(202)
  accept(@Body() event: Record<string, unknown>): { id: string } {
    return { id: typeof event.name === 'string' ? randomUUID() : '' };
  }

  @Get('ready')
  ready(): string {
    return 'ok';
  }
}

@Module({ controllers: [EventsController] })
class ReferenceModule {}

async function main(): Promise<void> {
  const [port, adapterName] = process.argv.slice(2) as [string, NestAdapterName];
  const adapter = adapterName === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
  const app = await NestFactory.create(ReferenceModule, adapter, { logger: ['error'] });
  await app.listen(Number(port), '127.0.0.1');
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
}

void main();
