/** One line of the printed table. `id` is stable across runs and sizes (the smoke test checks it). */
export interface ResultRow {
  id: string;
  label: string;
  /** The row's main figure and its unit (events/s, rows/s, MB, …). */
  value: number;
  unit: string;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  note?: string;
}

export class ResultsTable {
  readonly rows: ResultRow[] = [];

  add(row: ResultRow): ResultRow {
    this.rows.push(row);
    console.log(`  ${row.label}: ${formatNumber(row.value)} ${row.unit}${row.note ? ` (${row.note})` : ''}`);
    return row;
  }

  render(): string {
    const header = ['id', 'measurement', 'value', 'unit', 'p50 ms', 'p95 ms', 'p99 ms', 'note'];
    const cells = this.rows.map((r) => [r.id, r.label, formatNumber(r.value), r.unit, ms(r.p50Ms), ms(r.p95Ms), ms(r.p99Ms), r.note ?? '']);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)));
    const line = (row: string[]) => `| ${row.map((cell, i) => (i >= 2 && i <= 6 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
    return [line(header), `|${widths.map((w, i) => (i >= 2 && i <= 6 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...cells.map(line)].join('\n');
  }
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function ms(value: number | undefined): string {
  return value === undefined ? '–' : formatNumber(value);
}
