import { figure, targets } from '../src/figures';
import { formatColumns, formatFigureTable, formatValue, summarizeVerdicts } from '../src/report-table';

describe('report table', () => {
  it('when values are formatted, then each unit reads as people write it', () => {
    expect(formatValue(1234.6, 'per_second')).toBe('1,235/s');
    expect(formatValue(4.26, 'ms')).toBe('4.3 ms');
    expect(formatValue(148.7, 'ms')).toBe('149 ms');
    expect(formatValue(119.6, 'mib')).toBe('120 MiB');
    expect(formatValue(8.04, 's')).toBe('8.0 s');
    expect(formatValue(0.156, 'ratio')).toBe('16 %');
    expect(formatValue(null, 'ms')).toBe('—');
  });

  it('when columns hold multi-byte text, then they still line up', () => {
    const table = formatColumns([
      ['a', 'b'],
      ['≥ 1', 'x'],
      ['long cell', 'y'],
    ]);

    expect(table.split('\n')).toEqual(['a          b', '─────────  ─', '≥ 1        x', 'long cell  y']);
  });

  it('when figures are tabled, then each row shows value, target, ratio to its limit and verdict, and errors are noted below', () => {
    const figures = [
      figure('L1', 'accept transaction on PostgreSQL', 2_900, 'per_second'),
      figure('P1', 'gateway accepted', 452, 'per_second', { target: targets.p1AcceptRate, ratio: { to: 'L1', value: 452 / 2_900, target: targets.p1ShareOfL1 } }),
      figure('P2', 'end to end', 95, 'per_second', { target: targets.p2EndToEndRate, error: '2 commands failed' }),
    ];

    const lines = formatFigureTable(figures).split('\n');

    expect(lines[0]).toMatch(/^figure\s+what\s+value\s+target\s+ratio to limit\s+result$/);
    expect(lines[2]).toMatch(/^L1\s+accept transaction on PostgreSQL\s+2,900\/s\s+info$/);
    expect(lines[3]).toMatch(/^P1\s+gateway accepted\s+452\/s\s+≥ 1,500\/s\s+16 % of L1 \(≥ 50 %\)\s+FAIL$/);
    expect(lines[4]).toMatch(/ERROR$/);
    expect(lines).toContain('  P2 end to end: 2 commands failed');
    expect(summarizeVerdicts(figures)).toBe('1 FAIL, 1 ERROR, 1 info');
  });
});
