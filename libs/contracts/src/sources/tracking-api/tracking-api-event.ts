/** The event as seed 001's ClickHouse Event Tracking API receives it, after validation. */
export interface TrackingApiEvent {
  event_name: string;
  channel: string;
  user_id: string;
  /** Unix seconds, the client's own clock. */
  timestamp: number;
  campaign_id?: string;
  tags?: string[];
  /** Whatever the producer attaches, kept whole. */
  metadata?: Record<string, unknown>;
}
