/**
 * Fields added to every line logged while a synchronous call runs: the request id of the
 * request whose error an exception filter logs, for instance. Synchronous only, on purpose: an
 * AsyncLocalStorage would carry fields across awaits, but on Node 20 it installs promise hooks
 * that every request of the hot path would pay for.
 */
let current: Readonly<Record<string, unknown>> | undefined;

export function withLogFields<T>(fields: Readonly<Record<string, unknown>>, call: () => T): T {
  const outer = current;
  current = outer ? { ...outer, ...fields } : fields;
  try {
    return call();
  } finally {
    current = outer;
  }
}

export function currentLogFields(): Readonly<Record<string, unknown>> | undefined {
  return current;
}
