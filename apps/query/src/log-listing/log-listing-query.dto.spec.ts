import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { LogListingQueryDto } from './log-listing-query.dto';

/** The query as the app's validation pipe reads it (transform, whitelist, one reason per field). */
function read(query: Record<string, unknown>): { value: LogListingQueryDto; reasons: Record<string, string> } {
  const value = plainToInstance(LogListingQueryDto, query);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  return { value, reasons: Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})[0]])) };
}

describe("seed 002's read query", () => {
  it('defaults to the first page of 20 logs by created_at, unfiltered', () => {
    const { value, reasons } = read({});
    expect(reasons).toEqual({});
    expect({ ...value }).toEqual({ sort: 'created_at', page: 1, page_size: 20 });
  });

  it("reads seed 002's examples, numbers as integers", () => {
    expect({ ...read({ sort: 'created_at', event_name: 'user' }).value }).toEqual({ sort: 'created_at', event_name: 'user', page: 1, page_size: 20 });
    expect({ ...read({ sort: '-event_name', page_size: '1', page: '2' }).value }).toEqual({ sort: '-event_name', page: 2, page_size: 1 });
    expect({ ...read({ event_name: 'new', customer_id: '18' }).value }).toEqual({ event_name: 'new', customer_id: 18, sort: 'created_at', page: 1, page_size: 20 });
  });

  it.each(['created_at', '-created_at', 'event_name', '-event_name'])('takes sort=%s', (sort) => {
    expect(read({ sort }).reasons).toEqual({});
  });

  it.each(['time', 'id', 'description', '+created_at', 'created_at ', '--event_name', '', ['created_at', 'event_name']])('refuses sort=%j as seed 002 does', (sort) => {
    expect(read({ sort }).reasons).toEqual({ sort: 'invalid sort value' });
  });

  it.each([
    ['page', '0', 'must be greater than zero'],
    ['page', '-1', 'must be greater than zero'],
    ['page', '10000001', 'must be a maximum of 10 million'],
    ['page', 'two', 'must be an integer value'],
    ['page', '1.5', 'must be an integer value'],
    ['page', '1e3', 'must be an integer value'],
    ['page', '', 'must be an integer value'],
    ['page', ['1', '2'], 'must be an integer value'],
    ['page_size', '0', 'must be greater than zero'],
    ['page_size', '101', 'must be a maximum of 100'],
    ['page_size', 'ten', 'must be an integer value'],
    ['customer_id', 'eighteen', 'must be an integer value'],
    ['customer_id', '18.0', 'must be an integer value'],
    ['customer_id', '9007199254740992', 'must be a maximum of 9007199254740991'],
    ['customer_id', '-9007199254740992', 'must be a minimum of -9007199254740991'],
    ['event_name', 'n'.repeat(129), 'must be a string of at most 128 characters'],
    ['event_name', ['new', 'user'], 'must be a string of at most 128 characters'],
  ])('refuses %s=%j: %s', (field, value, reason) => {
    expect(read({ [field]: value }).reasons).toEqual({ [field]: reason });
  });

  it('takes the largest page and page size, a negative customer, and names every invalid parameter at once', () => {
    expect({ ...read({ page: '10000000', page_size: '100', customer_id: '-7' }).value }).toMatchObject({ page: 10_000_000, page_size: 100, customer_id: -7 });
    expect(read({ sort: 'time', page: '0', page_size: '500' }).reasons).toEqual({ sort: 'invalid sort value', page: 'must be greater than zero', page_size: 'must be a maximum of 100' });
  });
});
