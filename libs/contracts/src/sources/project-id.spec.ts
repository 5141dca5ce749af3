import { canonicalEventOf } from './accept-payload';
import { idInProject } from './project-id';
import { LOG_SERVICE_SOURCE } from './log-service/log-service.source';
import { SEGMENT_SOURCE } from './segment/segment.source';

const receivedAt = new Date('2025-11-12T10:00:00Z');
const log = { event_name: 'signed in', description: 'd', created_at: '2025-11-12T09:00:00Z' };

describe('ids within a project', () => {
  it('keeps the source id in the default project, and scopes it to any other', () => {
    expect(idInProject('default', 'abc')).toBe('abc');
    expect(idInProject(undefined, 'abc')).toBe('abc');
    expect(idInProject('shop', 'abc')).not.toBe('abc');
    expect(idInProject('shop', 'abc')).not.toBe(idInProject('blog', 'abc'));
    expect(idInProject('shop', undefined)).toBeUndefined();
  });

  it('gives the same content in two projects two ids', () => {
    const idOf = (project: string) => canonicalEventOf(LOG_SERVICE_SOURCE, log, { receivedAt, project }).id;
    expect(idOf('shop')).not.toBe(idOf('blog'));
    expect(idOf('default')).toBe(canonicalEventOf(LOG_SERVICE_SOURCE, log, { receivedAt }).id);
  });

  it("leaves a source's own per-project ids as its rule gives them (Segment's)", () => {
    const message = { type: 'track', event: 'e', userId: 'u', messageId: 'm-1' };
    const inShop = canonicalEventOf(SEGMENT_SOURCE, message, { receivedAt, project: 'shop' }).id;
    expect(inShop).not.toBe(canonicalEventOf(SEGMENT_SOURCE, message, { receivedAt, project: 'blog' }).id);
  });
});
