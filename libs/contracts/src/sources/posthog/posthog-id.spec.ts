import { isUuid, uuidFromText } from '../../dedup/uuid';
import { posthogIdOf } from './posthog-id';

describe('posthogIdOf', () => {
  const uuid = '01a22dcc-6168-7271-86c6-101e7fc1a9fd';

  it('gives one UUID per uuid and project key, whatever the case of its letters: an SDK retry is the same event', () => {
    const id = posthogIdOf(uuid, 'phc_key');
    expect(isUuid(id)).toBe(true);
    expect(posthogIdOf(uuid.toUpperCase(), 'phc_key')).toBe(id);
  });

  it('keeps projects apart and files a keyless event under default', () => {
    expect(posthogIdOf(uuid, 'phc_other')).not.toBe(posthogIdOf(uuid, 'phc_key'));
    expect(posthogIdOf(uuid, undefined)).toBe(posthogIdOf(uuid, 'default'));
  });

  it("is namespaced by the source: not the client's uuid itself, nor another source's id of the same text", () => {
    expect(posthogIdOf(uuid, 'phc_key')).toBe(uuidFromText(`posthog\u0000phc_key\u0000${uuid}`));
    expect(posthogIdOf(uuid, 'phc_key')).not.toBe(uuid);
    expect(posthogIdOf(uuid, 'phc_key')).not.toBe(uuidFromText(`segment\u0000phc_key\u0000${uuid}`));
  });

  it('has no key without a uuid, or with an empty one', () => {
    expect(posthogIdOf(undefined, 'phc_key')).toBeUndefined();
    expect(posthogIdOf(null, 'phc_key')).toBeUndefined();
    expect(posthogIdOf('', 'phc_key')).toBeUndefined();
  });
});
