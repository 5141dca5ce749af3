import { isIP } from 'node:net';
import { instantOfIsoDate, isEventDate } from '../event/iso-date';
import { EVENT_LIMITS as L } from '../event/limits';

/**
 * Readers of the loosely typed fields analytics SDKs send (Segment's context, PostHog's
 * properties): a value of the wrong type is read as absent, never refused, as the SDKs' own
 * servers do, since an SDK never learns of a refusal.
 */

/** A string; anything else, and the empty string, as absent. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A string, or a number as text (versions and user ids are sent both ways). */
export function textOrNumber(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : text(value);
}

/** An ISO 8601 time within 2000..2100, as UTC ISO. */
export function instantOf(value: unknown): string | undefined {
  return typeof value === 'string' && isEventDate(value) ? instantOfIsoDate(value).toISOString() : undefined;
}

export function ipOf(value: unknown): string | undefined {
  return typeof value === 'string' && isIP(value) !== 0 ? value : undefined;
}

export function urlOf(value: string | undefined): URL | undefined {
  if (value === undefined || !URL.canParse(value)) return undefined;
  return new URL(value);
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** At most `max` characters (code points, as the schemas count them), never half a surrogate pair. */
export function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined || value.length <= max) return value;
  return Array.from(value).slice(0, max).join('');
}

/** The fields that have a value, each cut to a short string's length; undefined when none has. */
export function partOf<T extends object>(fields: Record<string, string | undefined>): T | undefined {
  const present = Object.entries(fields).filter(([, value]) => value !== undefined);
  return present.length === 0 ? undefined : (Object.fromEntries(present.map(([key, value]) => [key, clip(value, L.shortStringLength)])) as T);
}
