/** Limits every producer is held to, by the gateway and again by the writer. */
export const EVENT_LIMITS = {
  nameLength: 128,
  keyLength: 128,
  shortStringLength: 256,
  stringValueLength: 1024,
  params: 100,
  items: 200,
  eventIdLength: 128,
  /** Serialized size of one event, enrichment excluded. */
  eventBytes: 64 * 1024,
  batchEvents: 1000,
  /** Levels of arrays and objects in a body (an NDJSON line): deeper is refused before anything walks it. */
  jsonDepth: 64,
  /** Unix seconds: 2000-01-01 .. 2100-01-01; a millisecond value is rejected, not guessed. */
  minTimestamp: 946_684_800,
  maxTimestamp: 4_102_444_800,
  /** Integers are stored as Int64, but JSON numbers beyond 2^53 - 1 lose digits before they get there. */
  maxInteger: Number.MAX_SAFE_INTEGER,
  /** Float64's range; JSON has no NaN or infinity, and 1e400 parses as infinity. */
  maxNumber: Number.MAX_VALUE,
} as const;
