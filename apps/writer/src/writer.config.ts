import { IsPort, IsPortOtherThan } from '@tributary/platform';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class WriterConfig {
  /** Port of GET /health and /ready; the writer serves no API. */
  @IsPort()
  WRITER_PORT = 8082;

  @IsString()
  WRITER_HOST = '0.0.0.0';

  /** Port of GET /metrics, /health and /ready for probes and Prometheus. */
  @IsPortOtherThan('WRITER_PORT')
  WRITER_MANAGEMENT_PORT = 9082;

  @IsString()
  WRITER_MANAGEMENT_HOST = '0.0.0.0';

  /** Consumer group: writers sharing it share the topic's partitions. */
  @Matches(/^[a-zA-Z0-9._-]{1,200}$/, { message: 'WRITER_GROUP_ID must be 1-200 of [a-zA-Z0-9._-]' })
  WRITER_GROUP_ID = 'tributary-writer';

  /** A batch is written when this many bytes are ready in a partition... */
  @IsInt()
  @Min(1)
  @Max(64 * 1024 * 1024)
  WRITER_BATCH_MIN_BYTES = 1024 * 1024;

  /** ...or when the oldest of them has waited this long. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  WRITER_BATCH_MAX_WAIT_MS = 500;

  /** A writer silent this long is presumed dead and its partitions go to the others. */
  @IsInt()
  @Min(6000)
  @Max(300_000)
  WRITER_SESSION_TIMEOUT_MS = 30_000;

  /** Upper bound of one fetch, hence of one insert. */
  @IsInt()
  @Min(64 * 1024)
  @Max(256 * 1024 * 1024)
  WRITER_BATCH_MAX_BYTES = 8 * 1024 * 1024;

  /**
   * Partitions whose batches are written at once: one batch is decoded while another's insert
   * is in flight. Each partition's batches stay in order.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  WRITER_PARTITIONS_IN_FLIGHT = 2;

  /**
   * Every this many ms, merges each quiet partition of events into one part (OPTIMIZE … FINAL), so
   * exact reads skip the merge there (docs/PERFORMANCE.md, Session 6); 0: never.
   */
  @IsInt()
  @Min(0)
  @Max(24 * 3600_000)
  WRITER_COMPACTION_INTERVAL_MS = 60_000;

  /** A partition is quiet when none of its parts was written for this many seconds. */
  @IsInt()
  @Min(0)
  @Max(30 * 86_400)
  WRITER_COMPACTION_QUIET_SECONDS = 600;

  /**
   * How long one partition's merge may take, ClickHouse's limit and the client's: a month of 33M
   * events takes minutes, beyond the 60 s every other request is given.
   */
  @IsInt()
  @Min(1000)
  @Max(24 * 3600_000)
  WRITER_COMPACTION_TIMEOUT_MS = 3600_000;
}
