import { canonicalEventOf } from '../accept-payload';
import { LogServiceEvent } from './log-service-event';
import { logServiceIdOf } from './log-service-id';
import { LOG_SERVICE_SOURCE } from './log-service.source';

const receipt = (receivedAt: string) => ({ receivedAt: new Date(receivedAt), clientIp: '127.0.0.1', userAgent: 'curl/8.5.0' });

/** The core's order: validate, map (with the request's receipt), then answer with the accepted payloads. */
function answerOf(log: LogServiceEvent, receivedAt = '2024-05-01T12:00:00.000Z'): unknown {
  const requestReceipt = receipt(receivedAt);
  const event = canonicalEventOf(LOG_SERVICE_SOURCE, log, requestReceipt);
  return LOG_SERVICE_SOURCE.routes[0].respond([{ payload: log, event: { ...event, id: event.id ?? 'random' } }], requestReceipt);
}

describe("seed 002's log as a canonical event", () => {
  it('maps the name, a server channel, the customer as user, the time to the millisecond and the description', () => {
    const log = { event_name: 'new customer', description: 'account was created for a given identity', customer_id: 18, created_at: '2022-11-14T23:32:26.49855523+02:00' };
    expect(canonicalEventOf(LOG_SERVICE_SOURCE, log, receipt('2024-05-01T12:00:00Z'))).toEqual({
      id: logServiceIdOf(log),
      source: 'log-service',
      project: 'default',
      name: 'new customer',
      channel: 'server',
      user_id: '18',
      time: '2022-11-14T21:32:26.498Z',
      ip: '127.0.0.1',
      user_agent: 'curl/8.5.0',
      properties: { description: 'account was created for a given identity' },
    });
  });

  it('has no time, user or id when the log has no created_at or customer_id: the writer dates it at its receipt', () => {
    const event = canonicalEventOf(LOG_SERVICE_SOURCE, { event_name: 'user_signed_in', description: 'a new user has code' }, receipt('2024-05-01T12:00:00Z'));
    expect(event).not.toHaveProperty('time');
    expect(event).not.toHaveProperty('user_id');
    expect(event).not.toHaveProperty('id');
  });

  it('keeps customer 0 and a negative customer as users', () => {
    expect(canonicalEventOf(LOG_SERVICE_SOURCE, { event_name: 'n', description: 'd', customer_id: 0 }, receipt('2024-05-01T12:00:00Z')).user_id).toBe('0');
    expect(canonicalEventOf(LOG_SERVICE_SOURCE, { event_name: 'n', description: 'd', customer_id: -7 }, receipt('2024-05-01T12:00:00Z')).user_id).toBe('-7');
  });
});

describe("seed 002's answer", () => {
  it('is 200 on POST /api/write, reading JSON whatever the Content-Type says', () => {
    const [route] = LOG_SERVICE_SOURCE.routes;
    expect([route.paths, route.status, route.reading, route.events]).toEqual([['/api/write'], 200, 'json', { one: true }]);
  });

  it("echoes the log as seed 002 shows it, keys in its order, created_at as sent", () => {
    const created_at = '2022-11-14T21:32:26.49855523Z';
    const answer = answerOf({ customer_id: 18, description: 'account was created for a given identity', event_name: 'new customer', created_at });
    expect(JSON.stringify(answer)).toBe(
      '{"log":{"created_at":"2022-11-14T21:32:26.49855523Z","event_name":"new customer","description":"account was created for a given identity","customer_id":18}}',
    );
  });

  it('dates a log without created_at at its receive time, as Go prints it, and leaves out an absent customer_id', () => {
    expect(answerOf({ event_name: 'n', description: 'd' }, '2022-11-14T21:32:26.490Z')).toEqual({ log: { created_at: '2022-11-14T21:32:26.49Z', event_name: 'n', description: 'd' } });
    expect(answerOf({ event_name: 'n', description: 'd', customer_id: 0 }, '2022-11-14T21:32:20.000Z')).toEqual({ log: { created_at: '2022-11-14T21:32:20Z', event_name: 'n', description: 'd', customer_id: 0 } });
    expect(answerOf({ event_name: 'n', description: 'd', created_at: null } as unknown as LogServiceEvent, '2022-11-14T21:32:26.500Z')).toEqual({
      log: { created_at: '2022-11-14T21:32:26.5Z', event_name: 'n', description: 'd' },
    });
  });
});
