import { DynamicModule, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Registry } from 'prom-client';
import { HealthController, READINESS_CHECKS } from '../health/health.module';
import { MetricsController } from '../metrics/metrics.module';

/** The management server's one module: the app's own registry and readiness checks behind the usual controllers. */
@Module({})
export class ManagementEndpointsModule {
  static servingFrom(app: ModuleRef): DynamicModule {
    const anywhereInTheApp = { strict: false };
    return {
      module: ManagementEndpointsModule,
      controllers: [MetricsController, HealthController],
      providers: [
        { provide: Registry, useValue: app.get(Registry, anywhereInTheApp) },
        { provide: READINESS_CHECKS, useValue: app.get(READINESS_CHECKS, anywhereInTheApp) },
      ],
    };
  }
}
