export class GroupMetricsDto {
  /** The channel, the day (2024-01-15) or the hour (2024-01-15T10:00:00Z). */
  group_key!: string;
  total_count!: number;
  unique_user_count!: number;
}

export class EventMetricsDto {
  event_name!: string;
  /** The range as asked, or null where unbounded. */
  from!: string | null;
  to!: string | null;
  /** Events counted once each, however often they were sent. */
  total_count!: number;
  /** Distinct users: user_id, else user_pseudo_id; events with neither count no user. */
  unique_user_count!: number;
  /** Empty without group_by; ordered by group_key. */
  grouped_metrics!: GroupMetricsDto[];
}
