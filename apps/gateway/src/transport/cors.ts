import type { FastifyCorsOptions } from '@fastify/cors';
import { ValidateBy, ValidationArguments } from 'class-validator';

/**
 * Browsers send events from other origins. Segment's browser SDK sends Authorization and
 * X-Retry-Count, uncompressed posthog-js application/json: both make the browser ask first.
 * X-Write-Key names a key to be rate-limited by (rate-limits.ts).
 */
export function corsOptionsOf(origins: string): FastifyCorsOptions {
  return {
    origin: origins === '*' ? true : origins.split(','),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Content-Encoding', 'Authorization', 'X-Retry-Count', 'X-Write-Key'],
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
