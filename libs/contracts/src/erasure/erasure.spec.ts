import { Erasure, ErasableEvent, erasedAmong, isErasedBy, userPairsOf, usersOfEvent } from './erasure';

const ERASURE: Erasure = { project: 'shop', user_id: 'alice', requested_at: '2026-12-01T10:00:00.000Z' };
const BEFORE = '2026-12-01T09:59:59.999Z';
const AFTER = '2026-12-01T10:00:00.000Z';

const event = (fields: Partial<ErasableEvent>): ErasableEvent => ({
  id: 'e1',
  project: 'shop',
  user_id: 'alice',
  user_key: 'alice',
  event_time: BEFORE,
  received_at: BEFORE,
  ...fields,
});

describe('erasure', () => {
  it("names an event by its user id and its user key (the anonymous id when it has no user id)", () => {
    expect(usersOfEvent({ user_id: 'alice', user_key: 'alice' })).toEqual(['alice']);
    expect(usersOfEvent({ user_id: '', user_key: 'anon-7' })).toEqual(['anon-7']);
    expect(usersOfEvent({ user_id: '', user_key: '' })).toEqual([]);
  });

  it('erases an event of the user and project received or dated before the request', () => {
    expect(isErasedBy(event({}), ERASURE)).toBe(true);
    expect(isErasedBy(event({ received_at: AFTER }), ERASURE)).toBe(true); // a resend of an old event
    expect(isErasedBy(event({ event_time: AFTER }), ERASURE)).toBe(true); // received before: in flight then
    expect(isErasedBy(event({ user_id: '', user_key: 'alice' }), ERASURE)).toBe(true);
  });

  it('keeps a new event (received and dated from the request on), and those of other users or projects', () => {
    expect(isErasedBy(event({ event_time: AFTER, received_at: AFTER }), ERASURE)).toBe(false);
    expect(isErasedBy(event({ project: 'blog' }), ERASURE)).toBe(false);
    expect(isErasedBy(event({ user_id: 'bob', user_key: 'bob' }), ERASURE)).toBe(false);
  });

  it('asks about each (project, user) pair once, and skips events without a user', () => {
    const events = [event({ id: 'a' }), event({ id: 'b' }), event({ id: 'c', project: 'blog' }), event({ id: 'd', user_id: '', user_key: '' }), event({ id: 'e', user_id: 'bob', user_key: 'bob' })];
    expect(userPairsOf(events)).toEqual([
      { project: 'shop', user_id: 'alice' },
      { project: 'blog', user_id: 'alice' },
      { project: 'shop', user_id: 'bob' },
    ]);
    expect(userPairsOf([event({ user_id: '', user_key: '' })])).toEqual([]);
  });

  it('finds the ids each erasure takes among a batch', () => {
    const bob: Erasure = { project: 'shop', user_id: 'bob', requested_at: ERASURE.requested_at };
    const events = [
      event({ id: 'old-alice' }),
      event({ id: 'new-alice', event_time: AFTER, received_at: AFTER }),
      event({ id: 'old-bob', user_id: 'bob', user_key: 'bob' }),
      event({ id: 'blog-alice', project: 'blog' }),
      event({ id: 'carol', user_id: 'carol', user_key: 'carol' }),
    ];
    expect(erasedAmong(events, [ERASURE, bob])).toEqual(new Map([[ERASURE, ['old-alice']], [bob, ['old-bob']]]));
    expect(erasedAmong(events, [])).toEqual(new Map());
  });
});
