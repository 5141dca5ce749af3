import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Helmet's headers (nosniff, frame and referrer policies, HSTS, a Content-Security-Policy...)
 * with its default policy but for upgrade-insecure-requests: the apps serve plain HTTP (TLS, if
 * any, ends before them), and a browser told to upgrade would fetch Swagger UI's files over HTTPS
 * from a port that speaks none. Swagger UI's page needs no more than the rest of the default:
 * its scripts are files of its own ('self'), its styles partly inline ('unsafe-inline' in
 * style-src), its icons data: URLs.
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};
