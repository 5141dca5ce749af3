import { SetMetadata } from '@nestjs/common';

export const ADMIN_ONLY = 'tributary:admin-only';

/** The route needs the project's admin key (a read key is refused 403); with keys off, anyone may call it. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ADMIN_ONLY, true);
