import { ClickHouseError } from '@clickhouse/client';
import { RowsRefusedError } from './event-store';

/**
 * ClickHouse errors that an insert's data causes, so that the same rows fail again however often
 * they are sent: parse and type errors, values out of range, too-large values, constraints.
 * Everything else (unreachable, timeouts, too many parts, memory, a read-only or missing table,
 * a column missing) is about the server or the schema, not the rows: it is retried, never
 * dead-lettered, so that no outage or bad deployment empties a partition into the dead-letter topic.
 */
const ROW_REFUSALS: ReadonlyMap<number, string> = new Map([
  [6, 'CANNOT_PARSE_TEXT'],
  [25, 'CANNOT_PARSE_ESCAPE_SEQUENCE'],
  [26, 'CANNOT_PARSE_QUOTED_STRING'],
  [27, 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'],
  [38, 'CANNOT_PARSE_DATE'],
  [41, 'CANNOT_PARSE_DATETIME'],
  [53, 'TYPE_MISMATCH'],
  [69, 'ARGUMENT_OUT_OF_BOUND'],
  [70, 'CANNOT_CONVERT_TYPE'],
  [72, 'CANNOT_PARSE_NUMBER'],
  [117, 'INCORRECT_DATA'],
  [128, 'TOO_LARGE_ARRAY_SIZE'],
  [130, 'CANNOT_READ_ARRAY_FROM_TEXT'],
  [131, 'TOO_LARGE_STRING_SIZE'],
  [321, 'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE'],
  [349, 'CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN'],
  [376, 'CANNOT_PARSE_UUID'],
  [407, 'DECIMAL_OVERFLOW'],
  [441, 'CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING'],
  [467, 'CANNOT_PARSE_BOOL'],
  [469, 'VIOLATED_CONSTRAINT'],
  [563, 'CANNOT_READ_MAP_FROM_TEXT'],
  [632, 'UNEXPECTED_DATA_AFTER_PARSED_VALUE'],
  [675, 'CANNOT_PARSE_IPV4'],
  [676, 'CANNOT_PARSE_IPV6'],
  [691, 'UNKNOWN_ELEMENT_OF_ENUM'],
]);

/** The error as the store's port knows it: a refusal of the rows, or the error unchanged. */
export function classifyInsertError(error: unknown): unknown {
  if (!(error instanceof ClickHouseError)) return error;
  const name = ROW_REFUSALS.get(Number(error.code));
  return name === undefined ? error : new RowsRefusedError(`${name} (${error.code})`, error.message);
}
