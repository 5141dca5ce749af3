/** Words of PromQL that sit where a metric name could, without being one. */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects: every bare identifier once strings, label
 * matchers, ranges and grouping label lists are taken out, less function names (followed by a
 * parenthesis), keywords, and letters inside numbers or durations (`1e3`, `offset 5m`).
 */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = [...bare.matchAll(/(?<![\w.:$])[a-zA-Z_:][\w:]*(?![\w:]|\s*\()/g)].map(([name]) => name).filter((name) => !KEYWORDS.has(name.toLowerCase()));
  return [...new Set(names)];
}
