import type { BodyKind } from './event-bodies';

/** What one load-generator process is asked to do. */
export interface LoadSpec {
  /** Base URL of the server under test; the path comes from the body kind. */
  baseUrl: string;
  body: BodyKind;
  eventsPerRequest: number;
  connections: number;
  durationSeconds: number;
  /** Total request rate to hold (open model); absent means as fast as the connections go. */
  requestsPerSecond?: number;
}

/** What it measured: only 2xx answers count as done. */
export interface LoadResult {
  requestsPerSecond: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  durationSeconds: number;
}
