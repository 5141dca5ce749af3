import { peakRssBytes } from '../support/child-process';
import { BenchContext } from './bench-context';

const MB = 1024 * 1024;

/**
 * Peak resident memory of each part of the platform over the whole run, read before they stop;
 * a part that ran as several processes reports the largest.
 */
export function reportPeakMemory(context: BenchContext, parts: Record<string, number[]>): void {
  for (const [part, pids] of Object.entries(parts)) {
    const peak = Math.max(...pids.map(peakRssBytes));
    context.table.add({ id: `rss.${part}`, label: `peak RSS: ${part}`, value: peak / MB, unit: 'MB', note: pids.length > 1 ? `largest of ${pids.length} processes` : undefined });
  }
}
