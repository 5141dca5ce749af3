import { canonicalJson } from '../../dedup/canonical-json';
import { uuidFromText } from '../../dedup/uuid';
import { LogServiceEvent } from './log-service-event';

/**
 * Seed 002 has no dedup key. A log with its own created_at is its content, as seed 000's
 * events without an event_id are: the same log sent twice is one log. Without created_at two
 * real logs (two sign-ins) cannot be told from one sent twice: no key, and each gets a fresh id.
 */
export function logServiceIdOf(log: LogServiceEvent): string | undefined {
  if (log.created_at == null) return undefined;
  return uuidFromText(`log-service\u0000${canonicalJson(log)}`);
}
