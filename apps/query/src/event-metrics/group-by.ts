export const GROUP_BYS = ['channel', 'daily', 'hourly'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The only SQL a request can select: one fixed expression per allowed group_by. */
export const GROUP_KEY_SQL: Record<GroupBy, string> = {
  channel: 'channel_type',
  daily: "formatDateTime(toStartOfDay(event_time), '%Y-%m-%d')",
  hourly: "formatDateTime(toStartOfHour(event_time), '%Y-%m-%dT%H:00:00Z')",
};
