import { EVENT_LIMITS } from '@tributary/contracts';
import { createHash } from 'node:crypto';
import { LISTING_SORTS, ListingPosition, ListingSort } from './listing-query';

const VERSION = 'c1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MILLISECONDS = /^\d{1,15}$/;
const CHECK_LENGTH = 11;

export const CURSOR_REASON = 'must be the next_cursor of a previous page, as it was given';

/**
 * A page's end as an opaque cursor: base64url of the sort, the last event's sort value
 * (milliseconds) and id, and a check of them, so that a changed or cut cursor is refused
 * rather than read as another position. The check is no secret: a forged cursor is only
 * another position in what the request may read anyway.
 */
export function encodeCursor(position: ListingPosition): string {
  const payload = [VERSION, position.sort, String(position.time), position.id].join('|');
  return Buffer.from(`${payload}|${checkOf(payload)}`, 'utf8').toString('base64url');
}

/** The cursor the OpenAPI document shows: after the README's page view of 2024-01-15 11:30 UTC, newest first (the default sort). */
export const CURSOR_EXAMPLE = encodeCursor({ sort: '-event_time', time: Date.parse('2024-01-15T11:30:00.000Z'), id: '0b9e5f3e-1b2c-4d4e-9f00-112233445566' });

/** The position a cursor holds; undefined for anything encodeCursor did not write. */
export function decodeCursor(cursor: unknown): ListingPosition | undefined {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // base64url decoding skips what it cannot read: only a cursor that encodes back the same is the one written.
  if (Buffer.from(text, 'utf8').toString('base64url') !== cursor) return undefined;
  const parts = text.split('|');
  if (parts.length !== 5) return undefined;
  const [version, sort, time, id, check] = parts;
  if (version !== VERSION || checkOf(parts.slice(0, 4).join('|')) !== check) return undefined;
  if (!(LISTING_SORTS as readonly string[]).includes(sort) || !MILLISECONDS.test(time) || !UUID.test(id)) return undefined;
  const milliseconds = Number(time);
  if (milliseconds < EVENT_LIMITS.minTimestamp * 1000 || milliseconds > EVENT_LIMITS.maxTimestamp * 1000) return undefined;
  return { sort: sort as ListingSort, time: milliseconds, id };
}

function checkOf(payload: string): string {
  return createHash('sha256').update(`tributary event listing\u0000${payload}`).digest('base64url').slice(0, CHECK_LENGTH);
}
