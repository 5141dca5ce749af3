import { isUuid } from '../../dedup/uuid';
import { LogServiceEvent } from './log-service-event';
import { logServiceIdOf } from './log-service-id';

const log: LogServiceEvent = { event_name: 'new customer', description: 'account was created for a given identity', customer_id: 18, created_at: '2022-11-14T21:32:26.49855523Z' };

describe('logServiceIdOf', () => {
  it('gives the same UUID for the same content in any key order', () => {
    const reordered: LogServiceEvent = { created_at: log.created_at, customer_id: 18, description: log.description, event_name: log.event_name };
    const id = logServiceIdOf(log);
    expect(isUuid(id)).toBe(true);
    expect(logServiceIdOf(reordered)).toBe(id);
  });

  it('changes with any content, the time included', () => {
    const id = logServiceIdOf(log);
    const others = [{ description: 'other' }, { customer_id: 19 }, { customer_id: undefined }, { created_at: '2022-11-14T21:32:26.49855524Z' }, { event_name: 'user_signed_in' }];
    for (const change of others) expect(logServiceIdOf({ ...log, ...change })).not.toBe(id);
  });

  it('has no key for a log without created_at: two sign-ins cannot be told from one sent twice', () => {
    expect(logServiceIdOf({ ...log, created_at: undefined })).toBeUndefined();
    expect(logServiceIdOf({ ...log, created_at: null } as unknown as LogServiceEvent)).toBeUndefined();
  });

  it('is stable across releases (stored ids derive from it)', () => {
    expect(logServiceIdOf(log)).toBe('88610b77-1d4f-8e0a-a6c0-ce6db2c6c483');
  });
});
