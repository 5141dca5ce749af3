import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { ReadScope } from '../read-scope/read-scope';
import { LogQuery, LogSort } from './log-query';

/** One log as stored: the events table's columns under seed 002's names. */
export interface LogRow {
  /** A number for the event's UUID, as seed 002's ids are numbers: 53 bits of its hash, exact in JSON. */
  log_id: number;
  /** DateTime64 text in UTC: 2022-11-14 21:01:56.498 */
  event_time: string;
  event_name: string;
  description: string;
  user_id: string;
}

export interface LogPage {
  rows: LogRow[];
  total: number;
}

/**
 * The only ORDER BY a request can select. Each ends with the event's id, unique once FINAL has
 * collapsed the copies, so logs with equal values keep one order and no log shows on two pages.
 */
export const LOG_ORDER_BY: Record<LogSort, string> = {
  created_at: 'event_time ASC, id ASC',
  '-created_at': 'event_time DESC, id DESC',
  event_name: 'name ASC, event_time ASC, id ASC',
  '-event_name': 'name DESC, event_time DESC, id DESC',
};

/** Seed 002's logs: the events of source log-service in the read's project, the time of each its event_time. */
@Injectable()
export class LogListingRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  async findPage(scope: ReadScope, query: LogQuery): Promise<LogPage> {
    const where = ['project = {project:String}', "source = 'log-service'"];
    const params: Record<string, unknown> = { project: scope.project, limit: query.page_size, offset: (query.page - 1) * query.page_size };
    if (query.event_name !== undefined) {
      where.push('positionCaseInsensitiveUTF8(name, {event_name:String}) > 0');
      params.event_name = query.event_name;
    }
    if (query.customer_id !== undefined) {
      where.push('user_id = {customer_id:String}');
      params.customer_id = String(query.customer_id);
    }
    const logs = `FROM events FINAL WHERE ${where.join(' AND ')}`;
    const [rows, [count]] = await Promise.all([
      this.events.rows<LogRow>(
        `SELECT bitShiftRight(sipHash64(id), 11) AS log_id, event_time, name AS event_name,
           JSONExtractString(properties, 'description') AS description, user_id
         ${logs} ORDER BY ${LOG_ORDER_BY[query.sort]} LIMIT {limit:UInt32} OFFSET {offset:UInt64}`,
        params,
      ),
      this.events.rows<{ total: number }>(`SELECT count() AS total ${logs}`, params),
    ]);
    return { rows, total: Number(count.total) };
  }
}
