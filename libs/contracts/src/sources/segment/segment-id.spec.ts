import { isUuid, uuidFromText } from '../../dedup/uuid';
import { segmentIdOf } from './segment-id';

describe('segmentIdOf', () => {
  const messageId = 'node-next-1796064698485-9f26d043-3586-4d64-b684-748253e35f74';

  it('gives one UUID per messageId and write key: an SDK retry is the same event', () => {
    const id = segmentIdOf(messageId, 'key-1');
    expect(isUuid(id)).toBe(true);
    expect(segmentIdOf(messageId, 'key-1')).toBe(id);
  });

  it('keeps projects apart: two apps may reuse a messageId', () => {
    expect(segmentIdOf(messageId, 'key-2')).not.toBe(segmentIdOf(messageId, 'key-1'));
    expect(segmentIdOf(messageId, undefined)).toBe(segmentIdOf(messageId, 'default'));
  });

  it('is namespaced by the source: another source keying the same text gets another id', () => {
    expect(segmentIdOf(messageId, 'key-1')).toBe(uuidFromText(`segment\u0000key-1\u0000${messageId}`));
    expect(segmentIdOf(messageId, 'key-1')).not.toBe(uuidFromText(`posthog\u0000key-1\u0000${messageId}`));
  });

  it('has no key without a messageId', () => {
    expect(segmentIdOf(undefined, 'key-1')).toBeUndefined();
    expect(segmentIdOf(null, 'key-1')).toBeUndefined();
    expect(segmentIdOf('', 'key-1')).toBeUndefined();
  });
});
