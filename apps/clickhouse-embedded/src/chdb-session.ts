import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'chdb';

/**
 * Opens the chdb session that owns `path`. chdb reports a data directory held by another process
 * only as `Failed to create connection for path …` (the engine prints the lock failure to
 * stderr), so that case is turned into an error that says what is going on.
 */
export function openChdbSession(path: string): Session {
  mkdirSync(path, { recursive: true });
  try {
    return new Session(path);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('Failed to create connection')) throw dataDirectoryInUse(path, error);
    throw error;
  }
}

function dataDirectoryInUse(path: string, cause: unknown): Error {
  const statusFile = join(path, 'status');
  const holder = readHolderPid(statusFile);
  return new Error(
    `The ClickHouse data directory ${path} is in use by another ClickHouse process` +
      `${holder ? ` (PID ${holder}, per ${statusFile})` : ''}: only one process can open a chdb data directory. ` +
      'Stop that process (for example another clickhouse-embedded), or set CLICKHOUSE_EMBEDDED_PATH to another directory.',
    { cause },
  );
}

/** The engine writes its PID into `<path>/status` while it holds the directory's lock. */
function readHolderPid(statusFile: string): string | undefined {
  try {
    return /^PID: (\d+)/m.exec(readFileSync(statusFile, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
