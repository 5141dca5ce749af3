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
  /** Unix seconds: 2000-01-01 .. 2100-01-01; a millisecond value is rejected, not guessed. */
  minTimestamp: 946_684_800,
  maxTimestamp: 4_102_444_800,
} as const;
