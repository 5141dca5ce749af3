import { inChunks } from './publish-chunks';

const message = (bytes: number) => ({ key: null, value: Buffer.alloc(bytes) });

describe('inChunks', () => {
  it('fills each send up to the limit, in order', () => {
    const messages = [message(40), message(40), message(30), message(50), message(10)];
    expect(inChunks(messages, 100)).toEqual([messages.slice(0, 2), messages.slice(2, 5)]);
  });

  it('counts keys and headers too', () => {
    const messages = [{ key: 'k'.repeat(50), value: 'v'.repeat(40) }, { key: null, value: 'v', headers: { h: 'x'.repeat(10) } }];
    expect(inChunks(messages, 100)).toEqual([[messages[0]], [messages[1]]]);
  });

  it('sends a message over the limit alone', () => {
    const messages = [message(10), message(500), message(10)];
    expect(inChunks(messages, 100)).toEqual([[messages[0]], [messages[1]], [messages[2]]]);
  });

  it('no message, no send', () => {
    expect(inChunks([], 100)).toEqual([]);
  });
});
