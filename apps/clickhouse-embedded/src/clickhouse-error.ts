/** ClickHouse exception codes this server raises itself or maps to an HTTP status. */
export const ErrorCode = {
  CANNOT_PARSE_TEXT: 6,
  THERE_IS_NO_COLUMN: 8,
  DUPLICATE_COLUMN: 15,
  CANNOT_PARSE_ESCAPE_SEQUENCE: 25,
  CANNOT_PARSE_QUOTED_STRING: 26,
  CANNOT_PARSE_INPUT_ASSERTION_FAILED: 27,
  BAD_ARGUMENTS: 36,
  UNKNOWN_ELEMENT_IN_AST: 37,
  CANNOT_PARSE_DATE: 38,
  CANNOT_PARSE_DATETIME: 41,
  ILLEGAL_COLUMN: 44,
  UNKNOWN_FUNCTION: 46,
  UNKNOWN_IDENTIFIER: 47,
  NOT_IMPLEMENTED: 48,
  UNKNOWN_TYPE: 50,
  TYPE_MISMATCH: 53,
  UNKNOWN_STORAGE: 56,
  UNKNOWN_TABLE: 60,
  SYNTAX_ERROR: 62,
  UNKNOWN_AGGREGATE_FUNCTION: 63,
  CANNOT_PARSE_NUMBER: 72,
  UNKNOWN_FORMAT: 73,
  CANNOT_OPEN_FILE: 76,
  UNKNOWN_TYPE_OF_QUERY: 78,
  UNKNOWN_DATABASE: 81,
  UNKNOWN_COMPRESSION_METHOD: 89,
  UNKNOWN_SETTING: 115,
  INCORRECT_DATA: 117,
  UNKNOWN_TYPE_OF_AST_NODE: 123,
  UNKNOWN_DIRECTION_OF_SORTING: 152,
  TIMEOUT_EXCEEDED: 159,
  TOO_DEEP_AST: 167,
  TOO_BIG_AST: 168,
  SOCKET_TIMEOUT: 209,
  UNEXPECTED_AST_STRUCTURE: 223,
  QUERY_IS_TOO_LARGE: 229,
  ABORTED: 236,
  CANNOT_DECOMPRESS: 271,
  VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE: 321,
  UNKNOWN_DATABASE_ENGINE: 336,
  CANNOT_PARSE_UUID: 376,
  HTTP_LENGTH_REQUIRED: 381,
  CANNOT_COMPILE_REGEXP: 427,
  CANNOT_SCHEDULE_TASK: 439,
  CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING: 441,
  BAD_QUERY_PARAMETER: 457,
  UNKNOWN_ROLE: 511,
  CANNOT_PARSE_IPV4: 675,
  CANNOT_PARSE_IPV6: 676,
  UNSUPPORTED_MEDIA_TYPE: 779,
  UNKNOWN_EXCEPTION: 1002,
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

const BAD_REQUEST: readonly ErrorCodeName[] = [
  'BAD_ARGUMENTS', 'CANNOT_COMPILE_REGEXP', 'CANNOT_PARSE_TEXT', 'CANNOT_PARSE_ESCAPE_SEQUENCE',
  'CANNOT_PARSE_QUOTED_STRING', 'CANNOT_PARSE_DATE', 'CANNOT_PARSE_DATETIME', 'CANNOT_PARSE_NUMBER',
  'CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING', 'CANNOT_PARSE_IPV4', 'CANNOT_PARSE_IPV6',
  'CANNOT_PARSE_INPUT_ASSERTION_FAILED', 'CANNOT_PARSE_UUID', 'DUPLICATE_COLUMN', 'ILLEGAL_COLUMN',
  'UNKNOWN_ELEMENT_IN_AST', 'UNKNOWN_TYPE_OF_AST_NODE', 'THERE_IS_NO_COLUMN', 'TOO_DEEP_AST', 'TOO_BIG_AST',
  'UNEXPECTED_AST_STRUCTURE', 'SYNTAX_ERROR', 'INCORRECT_DATA', 'TYPE_MISMATCH', 'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
];
const NOT_FOUND: readonly ErrorCodeName[] = [
  'UNKNOWN_TABLE', 'UNKNOWN_FUNCTION', 'UNKNOWN_IDENTIFIER', 'UNKNOWN_TYPE', 'UNKNOWN_STORAGE', 'UNKNOWN_DATABASE',
  'UNKNOWN_SETTING', 'UNKNOWN_DIRECTION_OF_SORTING', 'UNKNOWN_AGGREGATE_FUNCTION', 'UNKNOWN_FORMAT',
  'UNKNOWN_DATABASE_ENGINE', 'UNKNOWN_TYPE_OF_QUERY', 'UNKNOWN_ROLE',
];

/** The HTTP status ClickHouse's HTTP handler answers an exception code with (exceptionCodeToHTTPStatus.cpp). */
const HTTP_STATUS = new Map<number, number>([
  ...BAD_REQUEST.map((name): [number, number] => [ErrorCode[name], 400]),
  ...NOT_FOUND.map((name): [number, number] => [ErrorCode[name], 404]),
  [ErrorCode.QUERY_IS_TOO_LARGE, 413],
  [ErrorCode.NOT_IMPLEMENTED, 501],
  [ErrorCode.SOCKET_TIMEOUT, 503],
  [ErrorCode.CANNOT_OPEN_FILE, 503],
  [ErrorCode.CANNOT_SCHEDULE_TASK, 503],
  [ErrorCode.HTTP_LENGTH_REQUIRED, 411],
  [ErrorCode.TIMEOUT_EXCEEDED, 408],
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415],
]);

/**
 * An exception as ClickHouse reports it over HTTP: the body `Code: N. DB::Exception: ... (TYPE)`
 * is what @clickhouse/client parses into a ClickHouseError with that code and type.
 */
export class ClickHouseException extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ClickHouseException';
    this.httpStatus = HTTP_STATUS.get(code) ?? 500;
  }

  /** An exception raised by this server, worded like the engine's own. */
  static of(name: ErrorCodeName, text: string): ClickHouseException {
    const code = ErrorCode[name];
    return new ClickHouseException(code, `Code: ${code}. DB::Exception: ${text}. (${name})`);
  }
}

const CODE_PREFIX = /^Code: (\d+)\./;

/** chdb errors carry the engine's message, which already reads `Code: N. DB::Exception: ...`. */
export function toClickHouseException(error: unknown): ClickHouseException {
  if (error instanceof ClickHouseException) return error;
  const message = error instanceof Error ? error.message : String(error);
  const engineCode = CODE_PREFIX.exec(message);
  if (engineCode) return new ClickHouseException(Number(engineCode[1]), message);
  if ((error as { code?: unknown } | null)?.code === 'CHDB_BIND') return ClickHouseException.of('BAD_QUERY_PARAMETER', message);
  return ClickHouseException.of('UNKNOWN_EXCEPTION', message);
}
