export const TIME_BUCKETS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

/** The most buckets a time series may have: beyond, a longer bucket or a shorter range is asked for. */
export const MAX_SERIES_BUCKETS = 10_000;

interface BucketSql {
  /** The start of the bucket holding `time`, in the zone: a DateTime of that zone. Weeks start on Monday. */
  startOf(time: string, tz: string): string;
  /** The start of the `n`th bucket after the one holding `time`. */
  nth(time: string, n: string, tz: string): string;
}

/**
 * Days, weeks and months step through the calendar as dates: a DateTime plus a day can land in
 * the hour a change of offset skips, and so on the day before (in America/Santiago, 2024-09-08
 * begins at 01:00). toDateTime(date, tz) is the instant that day begins in the zone.
 */
const BUCKETS: Record<TimeBucket, BucketSql> = {
  minute: { startOf: (time, tz) => `toStartOfMinute(${time}, ${tz})`, nth: (time, n, tz) => `toStartOfMinute(${time}, ${tz}) + toIntervalMinute(${n})` },
  hour: { startOf: (time, tz) => `toStartOfHour(${time}, ${tz})`, nth: (time, n, tz) => `toStartOfHour(${time}, ${tz}) + toIntervalHour(${n})` },
  day: { startOf: (time, tz) => `toStartOfDay(${time}, ${tz})`, nth: (time, n, tz) => `toDateTime(toDate(${time}, ${tz}) + ${n}, ${tz})` },
  week: {
    startOf: (time, tz) => `toDateTime(toStartOfWeek(${time}, 1, ${tz}), ${tz})`,
    nth: (time, n, tz) => `toDateTime(toStartOfWeek(${time}, 1, ${tz}) + 7 * ${n}, ${tz})`,
  },
  month: {
    startOf: (time, tz) => `toDateTime(toStartOfMonth(${time}, ${tz}), ${tz})`,
    nth: (time, n, tz) => `toDateTime(addMonths(toStartOfMonth(${time}, ${tz}), ${n}), ${tz})`,
  },
};

/** `tz` is the placeholder of the bound zone name: ClickHouse reads a parameter as the constant it needs. */
export function bucketStartSql(bucket: TimeBucket, time: string, tz: string): string {
  return BUCKETS[bucket].startOf(time, tz);
}

export function nthBucketSql(bucket: TimeBucket, time: string, n: string, tz: string): string {
  return BUCKETS[bucket].nth(time, n, tz);
}

/** How many buckets there are from the one holding `from` to the one holding `to`, counted in the zone's calendar. */
export function bucketCountSql(bucket: TimeBucket, from: string, to: string, tz: string): string {
  return `dateDiff('${bucket}', ${bucketStartSql(bucket, from, tz)}, ${bucketStartSql(bucket, to, tz)}, ${tz}) + 1`;
}
