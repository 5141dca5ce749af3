import { Logger } from '@nestjs/common';
import { loadConfig, LogConfig } from '@tributary/platform';
import { migrateCommand } from './migrate-command';
import { StderrLogger } from './stderr-logger';

/** The migrate job: `node dist/apps/migrate/apps/migrate/src/main.js [--print]`, migrate-command.ts. */
let levels = new LogConfig().levels;
try {
  levels = loadConfig(LogConfig, process.env).levels;
} catch {
  // migrateCommand reports a bad LOG_LEVEL with the other settings.
}
Logger.overrideLogger(new StderrLogger({ logLevels: levels }));

const output = { out: (text: string) => process.stdout.write(`${text}\n`), err: (text: string) => process.stderr.write(`${text}\n`) };

// exitCode, not exit(): stdout may be a pipe still flushing.
void migrateCommand(process.argv.slice(2), process.env, output).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`migrate: ${String((error as Error)?.stack ?? error)}\n`);
    process.exitCode = 1;
  },
);
