import { parseArgs } from 'node:util';
import { parsePosition, Selection } from './selection';

export interface ListCommand {
  name: 'list';
  /** Print at most this many (all are still counted). */
  limit?: number;
  json: boolean;
}

export interface ReplayCommand {
  name: 'replay';
  selection: Selection;
}

export type DlqCommand = { name: 'help' } | ListCommand | ReplayCommand;

/** The command line is wrong: the process shows USAGE and exits 2. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run dlq -- <command>

  list [--limit N] [--json]         print the dead letters of <KAFKA_TOPIC>.dlq, from its start to its
                                    end now, and how many there are; --json: one JSON object a line
  replay <partition>:<offset>...    re-publish these dead letters to KAFKA_TOPIC
  replay --all [--reason TEXT]      re-publish every dead letter, or those whose reason contains TEXT
                                    (ignoring case)
  help                              this text

Kafka is reached with the apps' variables: KAFKA_BROKERS, KAFKA_TOPIC, KAFKA_CLIENT_ID.`;

export function parseCommand(argv: string[]): DlqCommand {
  const [name, ...args] = argv;
  switch (name) {
    case 'list':
      return parseList(args);
    case 'replay':
      return parseReplay(args);
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  }
}

function parseList(args: string[]): ListCommand {
  const { values } = usage(() => parseArgs({ args, options: { limit: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true }));
  if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit)) throw new UsageError(`--limit takes a whole number above 0, got ${JSON.stringify(values.limit)}`);
  return { name: 'list', limit: values.limit === undefined ? undefined : Number(values.limit), json: values.json };
}

function parseReplay(args: string[]): ReplayCommand {
  const { values, positionals } = usage(() =>
    parseArgs({ args, options: { all: { type: 'boolean', default: false }, reason: { type: 'string' } }, allowPositionals: true, strict: true }),
  );
  const { all, reason } = values;
  if (positionals.length > 0) {
    if (all || reason !== undefined) throw new UsageError('replay takes <partition>:<offset> selectors or --all/--reason, not both');
    return { name: 'replay', selection: { positions: new Set(positionals.map(positionOf)) } };
  }
  if (reason === '') throw new UsageError('--reason takes a text to look for');
  if (!all && reason === undefined) throw new UsageError('replay needs <partition>:<offset> selectors, --all or --reason TEXT');
  return { name: 'replay', selection: { reason } };
}

function positionOf(selector: string): string {
  const position = parsePosition(selector);
  if (position === undefined) throw new UsageError(`${JSON.stringify(selector)} is not <partition>:<offset>`);
  return position;
}

/** parseArgs' own errors (an unknown flag, a missing value) are usage errors too. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
