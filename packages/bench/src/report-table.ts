import { verdictOf, type Figure, type Target, type Unit } from './figures';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'per_second':
      return `${grouped.format(value)}/s`;
    case 'ms':
      return `${value < 10 ? value.toFixed(1) : grouped.format(value)} ms`;
    case 'mib':
      return `${value.toFixed(0)} MiB`;
    case 's':
      return `${value.toFixed(1)} s`;
    case 'ratio':
      return `${(value * 100).toFixed(0)} %`;
    case 'per_command':
      return `${value.toFixed(value < 10 ? 2 : 1)} /cmd`;
  }
}

export function formatTarget(target: Target | undefined, unit: Unit): string {
  return target ? `${target.op === '>=' ? '≥' : '≤'} ${formatValue(target.bound, unit)}` : '';
}

function ratioCell(figure: Figure): string {
  if (!figure.ratio) return '';
  const target = figure.ratio.target ? ` (${formatTarget(figure.ratio.target, 'ratio')})` : '';
  return `${formatValue(figure.ratio.value, 'ratio')} of ${figure.ratio.to}${target}`;
}

/** Left-aligned columns padded to their widest cell, with a rule under the header. */
export function formatColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]! + cell.length - [...cell].length)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function formatFigureTable(figures: Figure[]): string {
  const header = ['figure', 'what', 'value', 'target', 'ratio to limit', 'result'];
  const rows = figures.map((figure) => [
    figure.id,
    figure.label,
    formatValue(figure.value, figure.unit),
    formatTarget(figure.target, figure.unit),
    ratioCell(figure),
    verdictOf(figure),
  ]);
  const problems = figures
    .filter((figure) => figure.error !== undefined || figure.note !== undefined)
    .map((figure) => `  ${figure.id} ${figure.label}: ${[figure.error, figure.note].filter(Boolean).join('; ')}`);
  return [formatColumns([header, ...rows]), ...(problems.length > 0 ? ['', 'notes:', ...problems] : [])].join('\n');
}

export function summarizeVerdicts(figures: Figure[]): string {
  const counts = new Map<string, number>();
  for (const figure of figures) counts.set(verdictOf(figure), (counts.get(verdictOf(figure)) ?? 0) + 1);
  return ['pass', 'FAIL', 'ERROR', 'info', 'skipped']
    .filter((verdict) => counts.has(verdict))
    .map((verdict) => `${counts.get(verdict)} ${verdict}`)
    .join(', ');
}
