import { nestsDeeperThan } from './json-depth';

const nested = (levels: number, inner = '1') => '[{"a":'.repeat(levels / 2) + inner + '}]'.repeat(levels / 2);

describe('nestsDeeperThan', () => {
  it('counts arrays and objects alike, up to the limit and one beyond', () => {
    expect(nestsDeeperThan(nested(64), 64)).toBe(false);
    expect(nestsDeeperThan(nested(66), 64)).toBe(true);
    expect(nestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(nestsDeeperThan('[[[[]]]]', 3)).toBe(true);
  });

  it('counts depth, not how many siblings there are', () => {
    expect(nestsDeeperThan(JSON.stringify(Array.from({ length: 1000 }, () => ({ a: [1] }))), 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ text: '[[[[{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ text: 'say \\"[[[[\\"', also: '\\' }), 1)).toBe(false);
    expect(nestsDeeperThan('{"a\\\\":[[1]]}', 2)).toBe(true);
  });

  it('answers for text that is no JSON, an unclosed string included, without reading past its end', () => {
    expect(nestsDeeperThan('"[[[[', 1)).toBe(false);
    expect(nestsDeeperThan('[[[', 2)).toBe(true);
  });

  it('reads a million levels in one pass, without recursion', () => {
    expect(nestsDeeperThan('['.repeat(1_000_000) + ']'.repeat(1_000_000), 64)).toBe(true);
  });
});
