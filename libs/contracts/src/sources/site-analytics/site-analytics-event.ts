/** The event as seed 004's Ingest API (POST /event) receives it, after validation. */
export interface SiteAnalyticsEvent {
  site_id: string;
  /** The event's name: page_view… */
  event_type: string;
  /** The page's path: /home. */
  path: string;
  user_id?: string;
  /** ISO 8601, the client's clock; the receive time when absent. */
  timestamp?: string;
}
