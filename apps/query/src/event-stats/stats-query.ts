import { EVENT_LIMITS } from '@tributary/contracts';
import { Dimension, DIMENSIONS_ALLOWED, parseDimension } from './dimensions';
import type { EventSelection } from './event-selection';
import { TIME_BUCKETS, TimeBucket } from './time-buckets';

export const STATS_LIMIT = { default: 100, max: 10_000 } as const;
/** The most groups of a dimension's values by time bucket: each value has its whole series. */
export const MAX_VALUE_SERIES_GROUPS = 100_000;
export const MAX_EVENT_NAMES = 100;
export const MAX_FILTERS = 20;
export const FILTER_VALUE_MAX_LENGTH = EVENT_LIMITS.stringValueLength;
export const COUNT_MODES = ['exact', 'approximate'] as const;
export type CountMode = (typeof COUNT_MODES)[number];

export interface TimeGrouping {
  kind: 'time';
  name: TimeBucket;
}

/** One entry of group_by: its `name` is the key of the answer's groups. */
export type GroupEntry = Dimension | TimeGrouping;

/** Events whose dimension holds any of the values. */
export interface DimensionFilter {
  dimension: Dimension;
  values: string[];
}

/** What `GET /events/stats` asks for, validated: the events it counts, and how. */
export interface EventStatsQuery extends EventSelection {
  /** A canonical IANA name. */
  tz: string;
  groupBy: GroupEntry[];
  limit: number;
  approximate: boolean;
}

export type Parsed<T> = { value: T } | { reason: string };

export const GROUP_BY_REASON =
  `must be one or two comma-separated entries, each one of ${DIMENSIONS_ALLOWED}, or a time bucket: ${TIME_BUCKETS.join(', ')} (at most one time bucket)`;

/** `country`, `country,day`, `property.plan,device_category`… */
export function parseGroupBy(text: string): Parsed<GroupEntry[]> {
  const entries = text.split(',').map(groupEntryOf);
  if (entries.length > 2 || entries.some((entry) => entry === undefined)) return { reason: GROUP_BY_REASON };
  const valid = entries as GroupEntry[];
  if (valid.filter((entry) => entry.kind === 'time').length > 1) return { reason: GROUP_BY_REASON };
  if (valid.length === 2 && valid[0].name === valid[1].name) return { reason: `must not name ${valid[0].name} twice` };
  return { value: valid };
}

function groupEntryOf(text: string): GroupEntry | undefined {
  return (TIME_BUCKETS as readonly string[]).includes(text) ? { kind: 'time', name: text as TimeBucket } : parseDimension(text);
}

export const FILTER_REASON =
  `must be <dimension>:<value>, such as country:DE or property.plan:pro, the dimension one of ${DIMENSIONS_ALLOWED}, ` +
  `the value at most ${FILTER_VALUE_MAX_LENGTH} characters; at most ${MAX_FILTERS} filters`;

/** `country:DE`: the dimension ends at the first colon, the value is the rest, empty for events without one. */
export function parseFilter(text: string): Parsed<{ dimension: Dimension; value: string }> {
  const colon = text.indexOf(':');
  const dimension = colon < 0 ? undefined : parseDimension(text.slice(0, colon));
  const value = text.slice(colon + 1);
  if (!dimension || [...value].length > FILTER_VALUE_MAX_LENGTH) return { reason: FILTER_REASON };
  return { value: { dimension, value } };
}

/** The filters of one dimension merged into one: `country:DE` and `country:FR` are either country. */
export function mergeFilters(filters: Array<{ dimension: Dimension; value: string }>): DimensionFilter[] {
  const byName = new Map<string, DimensionFilter>();
  for (const { dimension, value } of filters) {
    let merged = byName.get(dimension.name);
    if (!merged) byName.set(dimension.name, (merged = { dimension, values: [] }));
    if (!merged.values.includes(value)) merged.values.push(value);
  }
  return [...byName.values()];
}
