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

  it.each([
    ['WRITER_COMPACTION_INTERVAL_MS', '-1'],
    ['WRITER_COMPACTION_INTERVAL_MS', '1.5'],
    ['WRITER_COMPACTION_QUIET_SECONDS', '-5'],
  ])('refuses %s=%s at boot, naming it', (name, value) => {
    expect(() => loadConfig(WriterConfig, { [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig(WriterConfig, { [name]: value })).toThrow(name);
  });
});
