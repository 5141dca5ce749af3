import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ListenAddress, ManagementServer } from './management-server';

/** The API on its port, then the management server on its own: its /health answering means both listen. */
export async function listenWithManagement(app: NestFastifyApplication, api: ListenAddress, management: ListenAddress): Promise<void> {
  await app.listen(api.port, api.host);
  await app.get(ManagementServer).listen(management);
}
