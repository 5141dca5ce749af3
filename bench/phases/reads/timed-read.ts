import { percentile } from '../../report/percentiles';
import type { RunningApp } from '../../support/platform';
import type { BenchContext } from '../bench-context';

/** One read of the query app the bench times, and what in its answer shows that it found events. */
export interface TimedRead {
  /** The row's id: `<read>.<stored size>.<case>`. */
  id: string;
  label: string;
  /** The path and query string, `/events/stats?group_by=country`. */
  path: string;
  /** The row's note, from the answer (a count, a page's length); throws when the answer is empty. */
  evidence: (body: unknown) => string;
}

/**
 * p50/p95 of the read, one request at a time, into the run's table. A request answered other
 * than 2xx, or with nothing in it, stops the run: a 404 or an empty page is not the read timed.
 */
export async function timeRead(context: BenchContext, query: RunningApp, read: TimedRead): Promise<void> {
  const url = `${query.url}${read.path}`;
  const timings: number[] = [];
  let note = '';
  // The first request of a kind is not counted: it warms the engine's caches as production traffic would.
  for (let i = 0; i <= context.size.queriesPerCase; i++) {
    const started = performance.now();
    const body = await getJson(url);
    if (i > 0) timings.push(performance.now() - started);
    note = evidenceOf(read, url, body);
  }
  const p95 = percentile(timings, 95);
  context.table.add({ id: read.id, label: read.label, value: p95, unit: 'ms (p95)', p50Ms: percentile(timings, 50), p95Ms: p95, note });
}

/** The JSON answer of a GET; throws, with the start of the answer, unless it is 2xx. */
export async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** `count`, when it is above zero: the evidence that an answer holds events. */
export function nonZero(count: number, what: string): number {
  if (!(count > 0)) throw new Error(`${what} is ${count}: the answer is empty`);
  return count;
}

function evidenceOf(read: TimedRead, url: string, body: unknown): string {
  try {
    return read.evidence(body);
  } catch (error) {
    throw new Error(`GET ${url}: ${(error as Error).message}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/** 12345 → "12,345", as the notes write counts. */
export const counted = (count: number): string => count.toLocaleString('en-US');
