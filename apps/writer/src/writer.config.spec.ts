import { ConfigError, loadConfig } from '@tributary/platform';
import { WriterConfig } from './writer.config';

describe('WriterConfig: the compaction of quiet partitions', () => {
  it('runs every minute on partitions quiet for 10 minutes by default, and never at 0', () => {
    expect(loadConfig(WriterConfig, {})).toMatchObject({ WRITER_COMPACTION_INTERVAL_MS: 60_000, WRITER_COMPACTION_QUIET_SECONDS: 600 });
    expect(loadConfig(WriterConfig, { WRITER_COMPACTION_INTERVAL_MS: '0', WRITER_COMPACTION_QUIET_SECONDS: '0' })).toMatchObject({
      WRITER_COMPACTION_INTERVAL_MS: 0,
      WRITER_COMPACTION_QUIET_SECONDS: 0,
    });
  });

  it('gives a merge an hour by default', () => {
    expect(loadConfig(WriterConfig, {}).WRITER_COMPACTION_TIMEOUT_MS).toBe(3_600_000);
    expect(loadConfig(WriterConfig, { WRITER_COMPACTION_TIMEOUT_MS: '600000' }).WRITER_COMPACTION_TIMEOUT_MS).toBe(600_000);
  });

  it.each([
    ['WRITER_COMPACTION_INTERVAL_MS', '-1'],
    ['WRITER_COMPACTION_INTERVAL_MS', '1.5'],
    ['WRITER_COMPACTION_QUIET_SECONDS', '-5'],
    ['WRITER_COMPACTION_TIMEOUT_MS', '0'],
    ['WRITER_COMPACTION_TIMEOUT_MS', '90000000'],
  ])('refuses %s=%s at boot, naming it', (name, value) => {
    expect(() => loadConfig(WriterConfig, { [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig(WriterConfig, { [name]: value })).toThrow(name);
  });
});
