import { Logger } from '@nestjs/common';
import { createKafka, Env, KafkaConfig, KafkajsPublisher, KafkajsTopicReader, loadConfig, LogConfig } from '@tributary/platform';
import { DlqCommand, ListCommand, parseCommand, ReplayCommand, USAGE, UsageError } from './dlq-command';
import { listDeadLetters } from './list.command';
import { consoleOutput as output } from './output';
import { replayDeadLetters } from './replay.command';
import { StderrLogger } from './stderr-logger';

/** A replay's send waits this long for the acknowledgement of all in-sync replicas. */
const PUBLISH_TIMEOUT_MS = 30_000;

/** `npm run dlq -- list|replay …`: exit 0 done, 1 failed (the reason on stderr), 2 a wrong command line. */
async function main(argv: string[], env: Env): Promise<number> {
  let command: DlqCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`dlq: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.name === 'help') {
    output.out(USAGE);
    return 0;
  }
  try {
    await run(command, env);
    return 0;
  } catch (error) {
    output.err(`dlq: ${(error as Error).message}`);
    return 1;
  }
}

async function run(command: ListCommand | ReplayCommand, env: Env): Promise<void> {
  const config = loadConfig(KafkaConfig, env);
  Logger.overrideLogger(new StderrLogger({ logLevels: loadConfig(LogConfig, env).levels }));
  const kafka = createKafka(config, 'dlq');
  const reader = new KafkajsTopicReader(kafka, `${config.KAFKA_CLIENT_ID}-dlq`);
  if (command.name === 'list') return listDeadLetters(reader, config.deadLetterTopic, command, output);
  const publisher = new KafkajsPublisher(kafka, { timeoutMs: PUBLISH_TIMEOUT_MS });
  try {
    await replayDeadLetters({ reader, publisher }, { deadLetters: config.deadLetterTopic, events: config.KAFKA_TOPIC }, command.selection, output);
  } finally {
    await publisher.disconnect();
  }
}

// exitCode, not exit(): stdout may be a pipe still flushing.
void main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
