/** One event as seed 003's clients send it, a line of their NDJSON body, after validation. */
export interface DeviceCollectorEvent {
  /** The client's clock: "2020-12-01 23:59:00" (UTC) or ISO 8601; the receive time when absent. */
  client_time?: string;
  device_id: string;
  /** The system and its version at the first space: "iOS 13.5.1". */
  device_os?: string;
  session: string;
  /** The event's rank in its session. */
  sequence: number;
  event: string;
  param_int?: number;
  param_str?: string;
}
