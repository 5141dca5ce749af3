import { DeadLetter } from './dead-letter';

/** `0:12  2025-11-28T10:15:02.113Z  validation  from tributary.events/1/42  <reason> (ClickHouse: <error>)` */
export function textLine(letter: DeadLetter): string {
  const clickhouse = letter.clickhouseError === undefined ? '' : ` (ClickHouse: ${oneLine(letter.clickhouseError)})`;
  return [letter.position, letter.at, letter.stage ?? '-', `from ${letter.source ?? '-'}`, `${oneLine(letter.reason ?? '-')}${clickhouse}`].join('  ');
}

/** One JSON object; `dlq` is the position `replay` takes, `key` the message key as text. */
export function jsonLine(letter: DeadLetter): string {
  return JSON.stringify({
    dlq: letter.position,
    at: letter.at,
    stage: letter.stage ?? null,
    source: letter.source ?? null,
    reason: letter.reason ?? null,
    clickhouse_error: letter.clickhouseError ?? null,
    key: letter.message.key?.toString('utf8') ?? null,
  });
}

export function countOf(count: number): string {
  return `${count} dead letter${count === 1 ? '' : 's'}`;
}

export function summaryLine(total: number, limit?: number): string {
  return limit !== undefined && limit < total ? `${countOf(total)}, the first ${limit} shown` : countOf(total);
}

/** A ClickHouse message may span lines; a listing keeps one letter a line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
