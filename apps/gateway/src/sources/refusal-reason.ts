/** Why a request to a source was refused whole, nothing accepted: a small fixed set, told by the status answered. */
export type RefusalReason = 'invalid' | 'unauthorized' | 'too_large' | 'unsupported_type' | 'rate_limited' | 'unavailable';

export const REFUSAL_REASONS_BY_STATUS: ReadonlyMap<number, RefusalReason> = new Map([
  [400, 'invalid'],
  [401, 'unauthorized'],
  [413, 'too_large'],
  [415, 'unsupported_type'],
  [429, 'rate_limited'],
  [503, 'unavailable'],
]);

/** Nothing for an answer that is no refusal: an acceptance, or a failure of ours (5xx but 503). */
export function refusalReasonOf(status: number): RefusalReason | undefined {
  return REFUSAL_REASONS_BY_STATUS.get(status);
}
