import { ReadScope } from '../read-scope/read-scope';
import { dimensionFilterSql } from './dimensions';
import { QueryParams } from '../query-params';
import { DimensionFilter } from './stats-query';

/** Which events a read takes, whatever it does with them: every read model of the events table filters through this. */
export interface EventSelection {
  /** The project the request may see (its read key's; the default project with keys off): every statement keeps to it. */
  scope: ReadScope;
  /** Any of these names; every name when empty. */
  eventNames: string[];
  from?: Date;
  to?: Date;
  /** All must hold. */
  filters: DimensionFilter[];
}

export const INSTANT_TYPE = "DateTime64(3, 'UTC')";

/**
 * FROM and WHERE of a read of the events table: the scope's project first (no read can leave it
 * out, as every read builds its WHERE here), then the event names,
 * the range, each filter's dimension among its values (dimensionFilterSql), then the read's own `conditions`, bound after them. Every
 * value is bound; the only identifiers are the registry's. `final` reads every event once (its
 * copies collapsed); without it, the table as stored.
 */
export function fromEventsSql(selection: EventSelection, params: QueryParams, { final, conditions }: { final: boolean; conditions?: (params: QueryParams) => string[] }): string {
  const where = [`project = ${params.bind('String', selection.scope.project)}`];
  if (selection.eventNames.length > 0) where.push(`name IN ${params.bind('Array(String)', selection.eventNames)}`);
  if (selection.from) where.push(`event_time >= ${params.bind(INSTANT_TYPE, clickHouseInstant(selection.from))}`);
  if (selection.to) where.push(`event_time <= ${params.bind(INSTANT_TYPE, clickHouseInstant(selection.to))}`);
  for (const filter of selection.filters) where.push(dimensionFilterSql(filter.dimension, filter.values, params.bind));
  if (conditions) where.push(...conditions(params));
  const table = final ? 'events FINAL' : 'events';
  return `FROM ${table} WHERE ${where.join(' AND ')}`;
}

/**
 * An instant as DateTime64 text in UTC: 2024-01-15 10:30:00.000. The client's own form of a Date
 * (Unix seconds) is wrong before 1970 with milliseconds; a bound of any year is sent as written.
 */
export function clickHouseInstant(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
