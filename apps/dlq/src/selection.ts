import { DeadLetter } from './dead-letter';

/** Which dead letters to replay: these positions, or every one whose reason contains `reason` (all without it). */
export type Selection = { positions: Set<string> } | { reason?: string };

const POSITION = /^(\d+):(\d+)$/;

/** `<partition>:<offset>` in the form DeadLetter.position has, or undefined if `text` is not one. */
export function parsePosition(text: string): string | undefined {
  const match = POSITION.exec(text);
  return match ? `${BigInt(match[1])}:${BigInt(match[2])}` : undefined;
}

/** The reason is matched ignoring case. */
export function selects(selection: Selection, letter: DeadLetter): boolean {
  if ('positions' in selection) return selection.positions.has(letter.position);
  return selection.reason === undefined || (letter.reason ?? '').toLowerCase().includes(selection.reason.toLowerCase());
}

/** The positions selected that none of the letters found has. */
export function missingPositions(selection: Selection, found: DeadLetter[]): string[] {
  if (!('positions' in selection)) return [];
  const positions = new Set(found.map((letter) => letter.position));
  return [...selection.positions].filter((position) => !positions.has(position));
}
