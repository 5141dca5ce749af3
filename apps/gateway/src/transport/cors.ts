import type { FastifyCorsOptions } from '@fastify/cors';
import { ValidateBy, ValidationArguments } from 'class-validator';

/**
 * Browsers send events from other origins. Segment's browser SDK sends Authorization and
 * X-Retry-Count, uncompressed posthog-js application/json: both make the browser ask first.
 * X-Write-Key carries the write key of the sources without a place of their own (and names the key
 * a request is rate-limited by, rate-limits.ts); X-Read-Key a read key, for the reads forwarded;
 * X-Request-Id the page's own id of a request, answered back, and readable by the page's scripts.
 */
export function corsOptionsOf(origins: string): FastifyCorsOptions {
  return {
    origin: origins === '*' ? true : origins.split(','),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Content-Encoding', 'Authorization', 'X-Retry-Count', 'X-Write-Key', 'X-Read-Key', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 86_400,
  };
}

/** With NODE_ENV=production (a field of the same configuration), the origins must be listed: `*` lets any page on the web send events. */
export function ListsOriginsInProduction(): PropertyDecorator {
  return ValidateBy({
    name: 'listsOriginsInProduction',
    validator: {
      validate: (origins: unknown, { object }: ValidationArguments) => origins !== '*' || (object as { NODE_ENV?: string }).NODE_ENV !== 'production',
      defaultMessage: ({ property }: ValidationArguments) => `${property} must list the origins browsers may send events from, not *, when NODE_ENV=production`,
    },
  });
}
