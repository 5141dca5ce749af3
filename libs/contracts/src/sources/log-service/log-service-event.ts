/** The log as seed 002's log service receives it (its Go `Log` struct), after validation. */
export interface LogServiceEvent {
  event_name: string;
  description: string;
  /** RFC 3339, as Go marshals a time.Time; the receive time when absent. */
  created_at?: string;
  customer_id?: number;
}
