import type { ChdbResult, RawInsertFormat, Session } from 'chdb';
import { ClickHouseException } from './clickhouse-error';
import type { ClickHouseRequest } from './http-request';
import { FALLBACK_FORMAT, outputFormat } from './output-format';
import { toBindableParams } from './query-parameters';
import type { SessionSettings } from './session-settings';

/** The X-ClickHouse-Summary header: counters as decimal strings, as ClickHouse sends them. */
export interface QuerySummary {
  read_rows: string;
  read_bytes: string;
  written_rows: string;
  written_bytes: string;
  total_rows_to_read: string;
  result_rows: string;
  result_bytes: string;
  elapsed_ns: string;
}

export interface QueryOutcome {
  body: Uint8Array;
  format: string;
  summary: QuerySummary;
}

/** Runs one request on the session. Callers run one request at a time: settings are session-wide. */
export class QueryRunner {
  constructor(
    private readonly session: Session,
    private readonly settings: SessionSettings,
  ) {}

  async run(request: ClickHouseRequest, body: Buffer): Promise<QueryOutcome> {
    await this.settings.enter(request.settings, request.database);
    const insert = request.query !== undefined && request.params.size === 0 ? plainInsert(request.query) : undefined;
    if (insert) return this.insertRaw(insert, body);

    const sql = composeSql(request.query, body);
    try {
      const options = { format: request.defaultFormat ?? FALLBACK_FORMAT };
      const result =
        request.params.size > 0
          ? await this.session.queryBindAsync(sql, toBindableParams(sql, request.params), options)
          : await this.session.queryAsync(sql, options);
      return { body: result.bytes(), format: outputFormat(sql, request.defaultFormat), summary: readSummary(result) };
    } finally {
      if (MAY_CHANGE_SESSION.test(sql)) await this.settings.restore();
    }
  }

  /** chdb's raw insert hands the body to the engine as bytes, and reports the rows it wrote. */
  private async insertRaw(insert: PlainInsert, body: Buffer): Promise<QueryOutcome> {
    const written = await this.session.insert({ ...insert, values: body });
    return {
      body: new Uint8Array(0),
      format: FALLBACK_FORMAT,
      summary: summary({
        readRows: written.rowsWritten,
        readBytes: written.bytesWritten,
        writtenRows: written.rowsWritten,
        writtenBytes: written.bytesWritten,
        elapsedSeconds: written.elapsed,
      }),
    };
  }
}

/** A SET or USE in the SQL would outlive the request on a shared session. */
const MAY_CHANGE_SESSION = /\b(?:SET|USE)\b/i;

interface PlainInsert {
  table: string;
  columns?: string[];
  format: RawInsertFormat;
}

/** The formats chdb's raw insert accepts. */
const RAW_INSERT_FORMATS: ReadonlySet<string> = new Set<RawInsertFormat>([
  'JSONEachRow', 'JSONCompactEachRow', 'CSV', 'CSVWithNames', 'TSV', 'TabSeparated', 'TSVWithNames', 'TabSeparatedWithNames',
]);

const IDENTIFIER = '[A-Za-z0-9_]+';
const TABLE = `${IDENTIFIER}(?:\\.${IDENTIFIER})?`;
const COLUMNS = `${IDENTIFIER}(?:\\s*,\\s*${IDENTIFIER})*`;
const PLAIN_INSERT = new RegExp(`^\\s*INSERT\\s+INTO\\s+(${TABLE})\\s*(?:\\(\\s*(${COLUMNS})\\s*\\))?\\s*FORMAT\\s+(\\w+)\\s*$`, 'i');

/** `INSERT INTO t [(a, b)] FORMAT f` as @clickhouse/client's insert() builds it, with a format chdb can take raw. */
function plainInsert(query: string): PlainInsert | undefined {
  const match = PLAIN_INSERT.exec(query);
  if (!match || !RAW_INSERT_FORMATS.has(match[3])) return undefined;
  return {
    table: match[1],
    columns: match[2]?.split(',').map((column) => column.trim()),
    format: match[3] as RawInsertFormat,
  };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Like ClickHouse: the `query` parameter, a line feed, then the body. */
function composeSql(query: string | undefined, body: Buffer): string {
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    throw ClickHouseException.of(
      'NOT_IMPLEMENTED',
      'The request body is not UTF-8 text: the embedded server hands SQL to the engine as text, ' +
        'so it takes no binary insert formats (use JSONEachRow, CSV or TabSeparated)',
    );
  }
  const sql = query === undefined ? text : text === '' ? query : `${query}\n${text}`;
  if (sql.trim() === '') throw ClickHouseException.of('SYNTAX_ERROR', 'Empty query');
  return sql;
}

function readSummary(result: ChdbResult): QuerySummary {
  return summary({
    readRows: result.rowsRead,
    readBytes: result.bytesRead,
    resultRows: result.rowsRead,
    resultBytes: result.bytesRead,
    elapsedSeconds: result.elapsed,
  });
}

interface Counters {
  readRows?: number;
  readBytes?: number;
  writtenRows?: number;
  writtenBytes?: number;
  resultRows?: number;
  resultBytes?: number;
  elapsedSeconds: number;
}

function summary(counters: Counters): QuerySummary {
  return {
    read_rows: String(counters.readRows ?? 0),
    read_bytes: String(counters.readBytes ?? 0),
    written_rows: String(counters.writtenRows ?? 0),
    written_bytes: String(counters.writtenBytes ?? 0),
    total_rows_to_read: '0',
    result_rows: String(counters.resultRows ?? 0),
    result_bytes: String(counters.resultBytes ?? 0),
    elapsed_ns: String(Math.round(counters.elapsedSeconds * 1e9)),
  };
}
