import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { DIMENSION_NAMES, DIMENSIONS } from '../event-stats/dimensions';
import { clickHouseInstant, fromEventsSql, INSTANT_TYPE } from '../event-stats/event-selection';
import { QueryParams } from '../event-stats/query-params';
import { EventListingQuery, sortOf } from './listing-query';

/** The columns a listed event is made of: its own, then the dimension registry's. */
export const LISTED_COLUMNS = [
  'id',
  'event_time',
  'received_at',
  'user_id',
  'user_pseudo_id',
  'page_url',
  'properties',
  ...new Set(DIMENSION_NAMES.map((name) => DIMENSIONS[name].column)),
] as const;

/** One stored event, its columns as ClickHouse's JSON writes them (times as DateTime64 text in UTC). */
export type ListedRow = Record<(typeof LISTED_COLUMNS)[number], string>;

/**
 * The SQL of `GET /events/list`: keyset pages of `FROM events FINAL`, so every event is one row
 * (its copies collapsed) and has one place in the order (its sort value, then its id, which is
 * unique once collapsed). A page continues strictly after the last event of the previous one,
 * whatever was inserted before it meanwhile, and a deep page reads no more than a first one: no
 * OFFSET. Identifiers come from the whitelists (the sort's column, the registry's); values are bound.
 */
@Injectable()
export class EventListingRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  /** The page's events, and one more when there is a next page. */
  page(query: EventListingQuery): Promise<ListedRow[]> {
    const params = new QueryParams();
    const { column, descending } = sortOf(query.sort);
    // Strictly after the previous page's last event; the plain bound lets the partitions and the primary key skip what the tuple comparison alone would read.
    const after = query.after;
    const conditions = after
      ? (bound: QueryParams) => {
          const time = bound.bind(INSTANT_TYPE, clickHouseInstant(new Date(after.time)));
          const id = bound.bind('UUID', after.id);
          return [descending ? `${column} <= ${time}` : `${column} >= ${time}`, `(${column}, id) ${descending ? '<' : '>'} (${time}, ${id})`];
        }
      : undefined;
    const direction = descending ? 'DESC' : 'ASC';
    return this.events.rows<ListedRow>(
      `SELECT ${LISTED_COLUMNS.join(', ')}
       ${fromEventsSql(query, params, { final: true, conditions })}
       ORDER BY ${column} ${direction}, id ${direction}
       LIMIT ${params.bind('UInt32', query.limit + 1)}`,
      params.values,
    );
  }
}
