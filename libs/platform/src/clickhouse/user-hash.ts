/**
 * The 128-bit hash unique users are counted by (events.user_hash, migration 5). xxh3_128 was the
 * cheapest 128-bit hash ClickHouse has here (docs/PERFORMANCE.md, Session 6).
 */
export const userHashSql = (key: string): string => `xxh3_128(${key})`;
