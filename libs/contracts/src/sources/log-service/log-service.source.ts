import { CanonicalEvent } from '../../event/canonical-event';
import { instantOfIsoDate } from '../../event/iso-date';
import { EVENT_LIMITS } from '../../event/limits';
import { Source } from '../source';
import { LogServiceEvent } from './log-service-event';
import { LOG_SERVICE_EVENT_SCHEMA } from './log-service-event.schema';
import { logServiceIdOf } from './log-service-id';

/** Seed 002's answer to a write: the log as stored, keys in the order its Go struct marshals them. */
export interface LogServiceAnswer {
  log: { created_at: string; event_name: string; description: string; customer_id?: number };
}

/** Seed 002's log service: `POST /api/write`, whose producers send JSON under curl's form type. */
export const LOG_SERVICE_SOURCE: Source<LogServiceEvent> = {
  name: 'log-service',
  title: 'Log service (seed 002)',
  eventSchema: LOG_SERVICE_EVENT_SCHEMA,
  maxEventBytes: EVENT_LIMITS.eventBytes,
  invalidEvent: 'refuse-request',
  routes: [
    {
      paths: ['/api/write'],
      summary: 'Write one log',
      reading: 'json',
      events: { one: true },
      // Seed 002's clients parse the answer's JSON; its status is the Go service's 200.
      status: 200,
      respond: ([accepted], receipt) => logServiceAnswerOf(accepted.payload as LogServiceEvent, receipt.receivedAt),
      examples: { log: { event_name: 'new customer', description: 'account was created for a given identity', customer_id: 18 } },
    },
  ],
  toCanonical: (log): CanonicalEvent => {
    return {
      id: logServiceIdOf(log),
      source: 'log-service',
      name: log.event_name,
      channel: 'server',
      user_id: log.customer_id == null ? undefined : String(log.customer_id),
      time: log.created_at == null ? undefined : instantOfIsoDate(log.created_at).toISOString(),
      properties: { description: log.description },
    };
  },
};

function logServiceAnswerOf(log: LogServiceEvent, receivedAt: Date): LogServiceAnswer {
  const createdAt = log.created_at ?? goTimeText(receivedAt);
  return {
    log: {
      created_at: createdAt,
      event_name: log.event_name,
      description: log.description,
      ...(log.customer_id != null && { customer_id: log.customer_id }),
    },
  };
}

/** A time as Go's time.Time marshals it in UTC: RFC 3339, trailing zeros of the fraction dropped. */
function goTimeText(time: Date): string {
  return time.toISOString().replace(/\.?0+Z$/, 'Z');
}
