import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { ManagementEndpointsModule } from './management-endpoints.module';

export interface ListenAddress {
  port: number;
  host: string;
}

/**
 * The app's second listener: GET /metrics, /health and /ready on a port of their own, for
 * probes and Prometheus, which leaves every path of the API port to the API. A small Nest app
 * on Fastify, serving the main app's registry and readiness checks.
 */
@Injectable()
export class ManagementServer implements OnApplicationShutdown {
  private server?: NestFastifyApplication;

  constructor(private readonly app: ModuleRef) {}

  async listen({ port, host }: ListenAddress): Promise<void> {
    this.server = await NestFactory.create<NestFastifyApplication>(ManagementEndpointsModule.servingFrom(this.app), new FastifyAdapter(), { abortOnError: false });
    this.server.useGlobalFilters(new ApiExceptionFilter());
    await this.server.listen(port, host);
  }

  /** Where it listens, the port the OS picked included. */
  async getUrl(): Promise<string> {
    if (!this.server) throw new Error('the management server is not listening');
    return this.server.getUrl();
  }

  /**
   * Nest runs shutdown hooks only after it has closed the API server (in-flight requests
   * answered) and the writer's consumer (batch in hand committed), and this one last
   * (ManagementModule): metrics and readiness stay visible through the whole drain.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
  }
}
