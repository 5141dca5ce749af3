import { parseJsonUtf8, TRIBUTARY_SOURCE, validatePayload } from '@tributary/contracts';
import fc from 'fast-check';
import { arbitraryFromSchema, eventArbitrary } from './event-arbitrary';

const accepts = (event: unknown) => {
  const parsed = parseJsonUtf8(Buffer.from(JSON.stringify(event)), '');
  return parsed.ok && validatePayload(TRIBUTARY_SOURCE, parsed.value).ok;
};

describe('eventArbitrary', () => {
  const events = fc.sample(eventArbitrary(), { numRuns: 400, seed: 42 });

  it('generates events the validator accepts and events it refuses', () => {
    const accepted = events.filter(accepts).length;
    expect(accepted).toBeGreaterThan(events.length * 0.3);
    expect(accepted).toBeLessThan(events.length * 0.9);
  });

  it('reaches the edges: full arrays, strings at the length limit, dates at both ends', () => {
    const fields = events as Array<Record<string, unknown>>;
    expect(fields.some(({ event_params }) => Array.isArray(event_params) && event_params.length === 100)).toBe(true);
    expect(fields.some(({ name }) => typeof name === 'string' && [...name].length === 128)).toBe(true);
    expect(fields.some(({ date }) => typeof date === 'string' && date.startsWith('2000-01-01T00:00:00.000'))).toBe(true);
    expect(fields.some(({ date }) => typeof date === 'string' && date.startsWith('2100-01-01T00:00:00.000'))).toBe(true);
  });

  it('follows the schema it is given', () => {
    fc.assert(fc.property(arbitraryFromSchema({ type: 'string', minLength: 2, maxLength: 3 }), (text) => [...(text as string)].length >= 2 && [...(text as string)].length <= 3));
    fc.assert(fc.property(arbitraryFromSchema({ type: 'integer', minimum: -1, maximum: 1 }), (n) => Number.isInteger(n) && (n as number) >= -1 && (n as number) <= 1));
  });

  it('refuses to guess a keyword it does not know', () => {
    expect(() => arbitraryFromSchema({ type: 'string', pattern: '^a' })).toThrow(/pattern/);
  });
});
