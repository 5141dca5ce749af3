import { refusalReasonOf } from './refusal-reason';

describe('why a request was refused, by the status answered', () => {
  it.each([
    [400, 'invalid'],
    [413, 'too_large'],
    [415, 'unsupported_type'],
    [429, 'rate_limited'],
    [503, 'unavailable'],
  ])('%i: %s', (status, reason) => {
    expect(refusalReasonOf(status)).toBe(reason);
  });

  it.each([200, 202, 404, 500])('%i is no refusal', (status) => {
    expect(refusalReasonOf(status)).toBeUndefined();
  });
});
