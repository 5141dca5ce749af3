import { ReadinessCheck } from './readiness-check';

/** Each check's name with its problem, or `ok`; ready when every one says `ok`. */
export interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

export async function readinessOf(checks: ReadinessCheck[]): Promise<Readiness> {
  const results = await Promise.all(checks.map(async (check) => [check.name, (await check.problem()) ?? 'ok'] as const));
  return { ready: results.every(([, result]) => result === 'ok'), checks: Object.fromEntries(results) };
}
