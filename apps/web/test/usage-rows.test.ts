import { describe, expect, it } from 'vitest';
import { usageChartRows } from '../src/pages/usage/usage-rows.ts';

const figures = { calls: 1, tokens_input: 10, tokens_output: 5, total_tokens: 15, cost_usd: 0.01 };

describe('usage chart rows', () => {
  it("'By day' has a bar for every day of the range, zero where nothing was used", () => {
    const rows = usageChartRows(
      { group_by: 'day', groups: [{ ...figures, key: '2026-12-02', label: null }] },
      { fromDay: '2026-11-30', toDay: '2026-12-03' },
      '(none)',
    );
    expect(rows).toEqual([
      { name: '2026-11-30', tokens: 0, cost: 0, calls: 0 },
      { name: '2026-12-01', tokens: 0, cost: 0, calls: 0 },
      { name: '2026-12-02', tokens: 15, cost: 0.01, calls: 1 },
      { name: '2026-12-03', tokens: 0, cost: 0, calls: 0 },
    ]);
  });

  it('keeps other groupings as the server answered them, naming a keyless row', () => {
    const rows = usageChartRows(
      {
        group_by: 'tool',
        groups: [
          { ...figures, key: 'calculator', label: null },
          { ...figures, key: null, label: null },
        ],
      },
      { fromDay: '2026-12-01', toDay: '2026-12-03' },
      '(none)',
    );
    expect(rows.map((row) => row.name)).toEqual(['calculator', '(none)']);
    // 'By tool' draws calls: a tool spends no tokens, so a bar of tokens stayed empty.
    expect(rows[0]).toMatchObject({ calls: 1 });
  });
});
