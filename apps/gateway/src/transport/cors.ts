import type { FastifyCorsOptions } from '@fastify/cors';

/**
 * Browsers send events from other origins. Segment's browser SDK sends Authorization and
 * X-Retry-Count, uncompressed posthog-js application/json: both make the browser ask first.
 */
export function corsOptionsOf(origins: string): FastifyCorsOptions {
  return {
    origin: origins === '*' ? true : origins.split(','),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Content-Encoding', 'Authorization', 'X-Retry-Count'],
    maxAge: 86_400,
  };
}
