import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** Nest's console logger, all on stderr: stdout is the command's output (its one line, or the --print script). */
export class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, _stream?: 'stdout' | 'stderr', errorStack?: unknown): void {
    super.printMessages(messages, context, logLevel, 'stderr', errorStack);
  }
}
