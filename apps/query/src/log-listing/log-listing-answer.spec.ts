import { logListingOf } from './log-listing-answer';
import { LogRow } from './log-listing.repository';

const NEW_CUSTOMER: LogRow = { log_id: 2, event_time: '2022-11-14 21:32:26.498', event_name: 'new customer', description: 'account was created for a given identity', user_id: '18' };
const SIGNED_IN: LogRow = { log_id: 1, event_time: '2022-11-14 21:01:56.000', event_name: 'user_signed_in', description: 'a new user has code', user_id: '' };

describe("seed 002's read answer", () => {
  it("is seed 002's example 3, byte for byte: keys in its order, the time to the second", () => {
    const answer = logListingOf({ rows: [NEW_CUSTOMER], total: 2 }, { page: 2, page_size: 1 });
    expect(JSON.stringify(answer)).toBe(
      '{"logs":[{"id":2,"created_at":"2022-11-14T21:32:26Z","event_name":"new customer","description":"account was created for a given identity","customer_id":18}],' +
        '"metadata":{"current_page":2,"page_size":1,"first_page":1,"last_page":2,"total_records":2}}',
    );
  });

  it("is seed 002's example 2, without customer_id when the log has none", () => {
    const answer = logListingOf({ rows: [SIGNED_IN], total: 1 }, { page: 1, page_size: 20 });
    expect(JSON.stringify(answer)).toBe(
      '{"logs":[{"id":1,"created_at":"2022-11-14T21:01:56Z","event_name":"user_signed_in","description":"a new user has code"}],' +
        '"metadata":{"current_page":1,"page_size":20,"first_page":1,"last_page":1,"total_records":1}}',
    );
  });

  it('keeps customer 0 and a negative customer, and drops a user id that is no integer', () => {
    const customers = logListingOf({ rows: ['0', '-7', 'user-123'].map((user_id) => ({ ...NEW_CUSTOMER, user_id })), total: 3 }, { page: 1, page_size: 20 }).logs;
    expect(customers.map((log) => log.customer_id)).toEqual([0, -7, undefined]);
    expect(customers[2]).not.toHaveProperty('customer_id');
  });

  it('counts the pages up, and answers an empty list with one empty page', () => {
    expect(logListingOf({ rows: [], total: 41 }, { page: 9, page_size: 20 }).metadata).toEqual({ current_page: 9, page_size: 20, first_page: 1, last_page: 3, total_records: 41 });
    expect(logListingOf({ rows: [], total: 0 }, { page: 1, page_size: 20 })).toEqual({
      logs: [],
      metadata: { current_page: 1, page_size: 20, first_page: 1, last_page: 1, total_records: 0 },
    });
  });
});
