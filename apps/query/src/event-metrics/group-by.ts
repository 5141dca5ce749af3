import { GroupEntry } from '../event-stats/stats-query';

export const GROUP_BYS = ['channel', 'daily', 'hourly'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Seed 000's group_by as an entry of the stats registry: the channel dimension, or a UTC day or hour bucket. */
export const GROUP_BY_ENTRIES: Record<GroupBy, GroupEntry> = {
  channel: { kind: 'column', name: 'channel' },
  daily: { kind: 'time', name: 'day' },
  hourly: { kind: 'time', name: 'hour' },
};

/** A group's key as seed 000 writes it: the channel; a bucket's start (Unix seconds) as the day (2024-01-15) or the hour (2024-01-15T10:00:00Z). */
export const GROUP_KEY_TEXT: Record<GroupBy, (key: string | number) => string> = {
  channel: String,
  daily: (start) => isoOfSeconds(start).slice(0, 10),
  hourly: (start) => `${isoOfSeconds(start).slice(0, 13)}:00:00Z`,
};

function isoOfSeconds(seconds: string | number): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
