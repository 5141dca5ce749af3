import { FastifyInstance } from 'fastify';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** The methods a path has routes for (none: the path is unknown), its trailing slash ignored as the router ignores it. */
export function allowedMethods(server: FastifyInstance, url: string): string[] {
  const path = url.split('?')[0];
  const paths = path.length > 1 && path.endsWith('/') ? [path, path.slice(0, -1)] : [path];
  return METHODS.filter((method) => paths.some((candidate) => server.hasRoute({ method, url: candidate })));
}
