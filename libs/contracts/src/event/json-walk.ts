/**
 * The path of the first key of a parsed JSON value, depth first, for which `isFound(key, child)`
 * holds: `events[0].user_id` under `events`, or `user_id` under ''. It recurses: only for values
 * whose text was held to EVENT_LIMITS.jsonDepth first.
 */
export function firstPathWhere(value: unknown, path: string, isFound: (key: string, child: unknown) => boolean): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const isArray = Array.isArray(value);
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    const childPath = isArray ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (isFound(key, child)) return childPath;
    const found = firstPathWhere(child, childPath, isFound);
    if (found !== undefined) return found;
  }
  return undefined;
}
