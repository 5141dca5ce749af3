import { CanonicalEvent } from './canonical-event';
import { eventTimeOf, MAX_FUTURE_MS, MAX_SKEW_CORRECTION_MS } from './event-time';

const receivedAt = new Date('2024-01-15T12:00:00.000Z');
const event = (fields: Partial<CanonicalEvent>): CanonicalEvent => ({ source: 'test', name: 'n', channel: 'web', ...fields });
const timeOf = (fields: Partial<CanonicalEvent>) => eventTimeOf(event(fields), receivedAt).toISOString();

describe('eventTimeOf', () => {
  it('is the receipt time without a client time', () => {
    expect(timeOf({})).toBe(receivedAt.toISOString());
  });

  it("is the client's time when it sends no send time", () => {
    expect(timeOf({ time: '2024-01-15T11:00:00Z' })).toBe('2024-01-15T11:00:00.000Z');
  });

  it("moves the client's time by its clock's skew: a clock 5 minutes behind", () => {
    // The client sent at 11:55 by its clock, received at 12:00: its clock is 5 minutes behind.
    expect(timeOf({ time: '2024-01-15T11:50:00Z', sent_at: '2024-01-15T11:55:00Z' })).toBe('2024-01-15T11:55:00.000Z');
  });

  it('and a clock an hour ahead', () => {
    expect(timeOf({ time: '2024-01-15T12:59:00Z', sent_at: '2024-01-15T13:00:00Z' })).toBe('2024-01-15T11:59:00.000Z');
  });

  it('keeps the client time when the send time is further than the bound from the receipt', () => {
    const sentLongAgo = new Date(receivedAt.getTime() - MAX_SKEW_CORRECTION_MS - 1000).toISOString();
    expect(timeOf({ time: '2024-01-13T10:00:00Z', sent_at: sentLongAgo })).toBe('2024-01-13T10:00:00.000Z');
  });

  it('dates an event more than 23 hours in the future at its receipt, and keeps one less far ahead', () => {
    const farAhead = new Date(receivedAt.getTime() + MAX_FUTURE_MS + 1000).toISOString();
    const ahead = new Date(receivedAt.getTime() + MAX_FUTURE_MS - 1000).toISOString();
    expect(timeOf({ time: farAhead })).toBe(receivedAt.toISOString());
    expect(timeOf({ time: ahead })).toBe(ahead);
  });

  it('keeps the client time when the correction would leave 2000..2100', () => {
    expect(timeOf({ time: '2000-01-01T00:00:00Z', sent_at: '2024-01-15T13:00:00Z' })).toBe('2000-01-01T00:00:00.000Z');
  });
});
