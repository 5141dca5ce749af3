import { EventRow } from './event-row';
import { RowProbe, RowsRefusedError } from './event-store';
import { findRefusedRows } from './refused-rows';

const row = (n: number): EventRow => ({ id: `id-${n}`, project: 'default', name: n % 7 === 3 ? 'refused' : 'fine', user_id: '', user_key: '', event_time: '', received_at: '', event_id: null, sent_at: null });

/** A probe that refuses any set holding a row named `refused`, and records what it was asked. */
function probeRefusingNamed(): RowProbe & { checked: number[][] } {
  const checked: number[][] = [];
  return {
    checked,
    async check(rows) {
      checked.push(rows.map((r) => Number(r.id.slice(3))));
      const bad = rows.find((r) => r.name === 'refused');
      if (bad) throw new RowsRefusedError('VIOLATED_CONSTRAINT (469)', `row ${bad.id} refused`);
    },
    async close() {},
  };
}

describe('finding the rows the store refuses', () => {
  const rows = Array.from({ length: 40 }, (_, n) => row(n));

  it('finds exactly the rows refused on their own, in order, each with its own error', async () => {
    const refused = await findRefusedRows(rows, (r) => r, probeRefusingNamed());
    expect(refused.map(({ item }) => item.id)).toEqual(['id-3', 'id-10', 'id-17', 'id-24', 'id-31', 'id-38']);
    expect(refused[0].error.message).toBe('row id-3 refused');
  });

  it('splits the same rows the same way whatever surrounds them: the result depends on the rows alone', async () => {
    const whole = await findRefusedRows(rows, (r) => r, probeRefusingNamed());
    const longer = await findRefusedRows([...rows, ...Array.from({ length: 9 }, (_, n) => row(100 + n * 7))], (r) => r, probeRefusingNamed());
    expect(longer.slice(0, whole.length).map(({ item }) => item.id)).toEqual(whole.map(({ item }) => item.id));
  });

  it('costs one probe for a batch with nothing refused, and about 2 log2(n) per refused row', async () => {
    const clean = probeRefusingNamed();
    expect(await findRefusedRows(rows.filter((r) => r.name === 'fine'), (r) => r, clean)).toEqual([]);
    expect(clean.checked).toHaveLength(1);
    const one = probeRefusingNamed();
    const many = Array.from({ length: 1024 }, (_, n) => ({ ...row(n), name: n === 700 ? 'refused' : 'fine' }));
    await findRefusedRows(many, (r) => r, one);
    expect(one.checked.length).toBeLessThanOrEqual(2 * 10 + 1);
  });

  it('lets any other error through: an unreachable store is retried, not taken for a refusal', async () => {
    const down: RowProbe = { check: () => Promise.reject(new Error('ECONNREFUSED')), close: async () => {} };
    await expect(findRefusedRows(rows, (r) => r, down)).rejects.toThrow('ECONNREFUSED');
  });
});
