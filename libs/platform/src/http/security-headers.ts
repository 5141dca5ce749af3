import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';

/**
 * Helmet's headers (nosniff, frame and referrer policies, HSTS, a Content-Security-Policy...)
 * with its default policy but for upgrade-insecure-requests: the apps serve plain HTTP (TLS, if
 * any, ends before them), and a browser told to upgrade would fetch Swagger UI's files over HTTPS
 * from a port that speaks none. Swagger UI's page needs no more than the rest of the default:
 * its scripts are files of its own ('self'), its styles partly inline ('unsafe-inline' in
 * style-src), its icons data: URLs.
 */
export const SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};

/**
 * Helmet's middleware, built once, on every answer. Not @fastify/helmet: its hook builds helmet's
 * middleware anew on every request (parsing the policy each time), 3.9 % of the gateway's CPU on
 * single events (docs/PERFORMANCE.md, session 6).
 */
export function sendSecurityHeaders(fastify: FastifyInstance): void {
  const setHeaders = helmet(SECURITY_HEADERS);
  fastify.addHook('onRequest', (request, reply, done) => setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
}
