import { CanonicalEvent, DEFAULT_PROJECT } from '../event/canonical-event';
import { compileSchema, Validated, Validator } from '../schema/compile-schema';
import { Receipt, Source } from './source';

const validators = new WeakMap<Source, Validator<unknown>>();

function validatorOf(source: Source): Validator<unknown> {
  let validator = validators.get(source);
  if (!validator) validators.set(source, (validator = compileSchema(source.eventSchema)));
  return validator;
}

/**
 * Holds one payload to its source's limits and schema. `sourceBytes`: the size of the JSON text
 * it was parsed from, when known; re-serialised it is no larger, so a text within the limit
 * spares serialising the payload to measure it.
 */
export function validatePayload(source: Source, raw: unknown, path = '', sourceBytes?: number): Validated<unknown> {
  const self = path || 'event';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: [{ field: self, reason: 'must be a JSON object' }] };
  }
  if (sourceBytes === undefined || sourceBytes > source.maxEventBytes) {
    const bytes = Buffer.byteLength(JSON.stringify(raw));
    if (bytes > source.maxEventBytes) {
      return { ok: false, errors: [{ field: self, reason: `is ${bytes} bytes, over the limit of ${source.maxEventBytes}` }] };
    }
  }
  return validatorOf(source)(raw, path);
}

/**
 * The canonical event of a valid payload, with what the request adds: its project, the
 * client's address and user agent, its send time (unless the mapping says the event has none).
 * Absent and null values are left out, as the canonical schema has no nulls.
 */
export function canonicalEventOf(source: Source, payload: unknown, receipt: Receipt): CanonicalEvent {
  const mapped = source.toCanonical(payload, receipt);
  const sentAt = mapped.sent_at === null ? undefined : receipt.sentAt;
  const fromRequest = { project: receipt.writeKey || DEFAULT_PROJECT, ip: receipt.clientIp, user_agent: receipt.userAgent, sent_at: sentAt };
  return withoutNulls({ ...withoutNulls(fromRequest), ...withoutNulls(mapped) }) as CanonicalEvent;
}

/** The object without its null and undefined fields. */
export function withoutNulls<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field != null)) as Partial<T>;
}
