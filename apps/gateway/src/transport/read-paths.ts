/**
 * Every read of the query app, so that clients read from the base URL they write to: the seeds'
 * (000's and 001's, one handler; 002's; 004's), Tributary's own stats and its event listing (at
 * /events/list, not GET /events: the Ingress routes a path whatever its method, and POST /events is
 * the gateway's). The gateway forwards
 * them when GATEWAY_READS_URL is set; the Helm chart's Ingress routes them to the query app
 * (test/deploy.spec.ts keeps it to this list, the end-to-end test keeps this list to the query app's).
 */
export const READ_PATHS = ['/events/metrics', '/metrics', '/api/read', '/stats', '/events/stats', '/events/list'] as const;
