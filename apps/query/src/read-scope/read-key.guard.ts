import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Access, ROLES_THAT_ADMINISTER, ROLES_THAT_READ } from '@tributary/contracts';
import { apiErrorBody, isProbeOrDocs, UnauthorizedError } from '@tributary/platform';
import { FastifyRequest } from 'fastify';
import { ADMIN_ONLY } from './admin-only';
import { OPEN_READ_SCOPE, ReadScope } from './read-scope';

/** The other header a read key may come in, for clients whose Authorization a proxy of theirs takes. */
export const READ_KEY_HEADER = 'x-read-key';

const BEARER = /^bearer\s+(\S+)\s*$/i;

/** The read key of a request: `Authorization: Bearer <key>`, else X-Read-Key. */
export function readKeyOf(headers: FastifyRequest['headers']): string | undefined {
  const bearer = BEARER.exec(firstOf(headers.authorization) ?? '')?.[1];
  return bearer || firstOf(headers[READ_KEY_HEADER]) || undefined;
}

/**
 * Every route of the query app (but the probes) reads within one project: the one its read key
 * (or admin key) belongs to, set as request.readScope for @ReadScopeOf(); with keys off, the
 * default project. A request without a valid key is refused 401 before its parameters are read,
 * naming the header; the key itself is never quoted, nor logged. A route marked @AdminOnly()
 * takes the admin key only: a read key of the project is refused 403.
 */
@Injectable()
export class ReadKeyGuard implements CanActivate {
  constructor(
    @Inject(Access) private readonly access: Access,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { readScope?: ReadScope }>();
    if (isProbeOrDocs(request.routeOptions?.url ?? request.url)) return true;
    if (this.access.mode === 'open') {
      request.readScope = OPEN_READ_SCOPE;
      return true;
    }
    const resolved = this.access.resolve(readKeyOf(request.headers), ROLES_THAT_READ);
    if (!resolved.ok) {
      const reason =
        resolved.refusal === 'missing'
          ? "is missing: send the project's read key as `Authorization: Bearer <key>` (or X-Read-Key)"
          : 'is not a read key (unknown, or a write key): send the project\'s read or admin key as `Authorization: Bearer <key>` (or X-Read-Key)';
      throw new UnauthorizedError([{ field: 'authorization', reason }], 'No valid read key', 'Bearer realm="tributary"');
    }
    if (this.isAdminOnly(context) && !ROLES_THAT_ADMINISTER.includes(resolved.role)) {
      const reason = "is a read key: this route needs the project's admin key, as `Authorization: Bearer <key>` (or X-Read-Key)";
      throw new ForbiddenException(apiErrorBody(403, `Not an admin key: authorization ${reason}`, [{ field: 'authorization', reason }]));
    }
    request.readScope = { project: resolved.project };
    return true;
  }

  private isAdminOnly(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean | undefined>(ADMIN_ONLY, [context.getHandler(), context.getClass()]) === true;
  }
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
