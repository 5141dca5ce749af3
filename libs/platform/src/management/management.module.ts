import { Global, Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { ManagementServer } from './management-server';

/**
 * The registry and the management server; listenWithManagement starts the server, the app's
 * close stops it. Each app imports it first: Nest runs the shutdown hooks of global modules after
 * the app's, in the reverse order of their import, so the server closes after everything else.
 */
@Global()
@Module({
  imports: [MetricsModule],
  providers: [ManagementServer],
  exports: [ManagementServer],
})
export class ManagementModule {}
