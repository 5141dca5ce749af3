import { ClickHouseError } from '@clickhouse/client';
import { classifyInsertError } from './clickhouse-refusals';
import { RowsRefusedError } from './event-store';

const clickHouseError = (code: number, type: string) => new ClickHouseError({ message: `Code: ${code}. DB::Exception: something. (${type})`, code: String(code), type });

describe('ClickHouse insert errors, classified', () => {
  it.each([
    [27, 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'],
    [53, 'TYPE_MISMATCH'],
    [72, 'CANNOT_PARSE_NUMBER'],
    [131, 'TOO_LARGE_STRING_SIZE'],
    [321, 'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE'],
    [469, 'VIOLATED_CONSTRAINT'],
  ])('code %i (%s) refuses the rows: retrying cannot help', (code, type) => {
    const classified = classifyInsertError(clickHouseError(code, type));
    expect(classified).toBeInstanceOf(RowsRefusedError);
    expect((classified as RowsRefusedError).storeError).toBe(`${type} (${code})`);
  });

  it.each([
    [159, 'TIMEOUT_EXCEEDED'],
    [209, 'SOCKET_TIMEOUT'],
    [210, 'NETWORK_ERROR'],
    [241, 'MEMORY_LIMIT_EXCEEDED'],
    [242, 'TABLE_IS_READ_ONLY'],
    [252, 'TOO_MANY_PARTS'],
    [60, 'UNKNOWN_TABLE'],
    [16, 'NO_SUCH_COLUMN_IN_TABLE'],
    [1002, 'UNKNOWN_EXCEPTION'],
  ])('code %i (%s) is about the server or the schema: retried, never dead-lettered', (code, type) => {
    const error = clickHouseError(code, type);
    expect(classifyInsertError(error)).toBe(error);
  });

  it('leaves errors that are not ClickHouse answers (refused connections, timeouts) as they are', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123'), { code: 'ECONNREFUSED' });
    expect(classifyInsertError(refused)).toBe(refused);
  });
});
