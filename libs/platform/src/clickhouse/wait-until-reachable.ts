import { ClickHouseClient } from '@clickhouse/client';
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

const logger = new Logger('ClickHouse');

/** At boot the server (or the embedded engine) may still be starting: wait for it, with a deadline. */
export async function waitUntilReachable(client: ClickHouseClient, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let attempt = 0;
  for (;;) {
    const result = await client.ping();
    if (result.success) return;
    if (Date.now() >= deadline) {
      throw new Error(`ClickHouse at ${url} did not answer a ping within ${timeoutMs} ms: ${String(result.error)}`);
    }
    if (attempt++ === 0) logger.warn(`waiting for ClickHouse at ${url}: ${String(result.error)}`);
    await sleep(500);
  }
}
