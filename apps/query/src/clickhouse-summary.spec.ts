import { rowsReadOf } from './clickhouse-summary';

describe('the rows a query read, from its summary header', () => {
  it('reads read_rows, a decimal string as ClickHouse sends it', () => {
    const summary = '{"read_rows":"1244595","read_bytes":"9956760","written_rows":"0","written_bytes":"0","total_rows_to_read":"0","result_rows":"3"}';
    expect(rowsReadOf({ 'x-clickhouse-summary': summary })).toBe(1244595);
  });

  it.each([
    ['no summary', {}],
    ['a summary that is not JSON', { 'x-clickhouse-summary': '{read_rows' }],
    ['a summary without read_rows', { 'x-clickhouse-summary': '{}' }],
    ['a read_rows that is no count', { 'x-clickhouse-summary': '{"read_rows":"-1"}' }],
  ])('counts nothing from %s', (_case, headers) => {
    expect(rowsReadOf(headers)).toBe(0);
  });
});
