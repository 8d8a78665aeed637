export type Unit = 'per_second' | 'ms' | 'mib' | 's' | 'ratio' | 'per_command';

/** `value` must be at least (`>=`) or at most (`<=`) `bound`. */
export interface Target {
  op: '>=' | '<=';
  bound: number;
}

export interface Figure {
  id: string;
  label: string;
  /** Null when the figure could not be measured (see `error`) or was skipped. */
  value: number | null;
  unit: Unit;
  target?: Target;
  /** The figure as a share of a limit measured in the same run, with its own target when the issue sets one. */
  ratio?: { to: string; value: number; target?: Target };
  /** Why the measurement itself failed (a count mismatch, a stalled drain): a failure of the bench, whatever the value. */
  error?: string;
  skipped?: boolean;
  note?: string;
}

export type Verdict = 'pass' | 'FAIL' | 'ERROR' | 'info' | 'skipped';

export function meets(value: number, target: Target): boolean {
  return target.op === '>=' ? value >= target.bound : value <= target.bound;
}

/** A ratio against a limit; none when the limit is missing or zero (nothing to compare with). */
export function ratioTo(value: number | null, limit: number | null | undefined): number | undefined {
  if (value === null || limit === null || limit === undefined || !Number.isFinite(value) || !(limit > 0)) return undefined;
  return value / limit;
}

export function verdictOf(figure: Figure): Verdict {
  if (figure.skipped) return 'skipped';
  if (figure.error !== undefined || figure.value === null || Number.isNaN(figure.value)) return 'ERROR';
  const targets = [figure.target && meets(figure.value, figure.target), figure.ratio?.target && meets(figure.ratio.value, figure.ratio.target)];
  const judged = targets.filter((result) => result !== undefined);
  if (judged.length === 0) return 'info';
  return judged.every(Boolean) ? 'pass' : 'FAIL';
}

/** Targets of issue 9, in one place. */
export const targets = {
  p1AcceptRate: { op: '>=', bound: 1_500 },
  p1ShareOfL1: { op: '>=', bound: 0.5 },
  p2EndToEndRate: { op: '>=', bound: 800 },
  p3ProcessedP50: { op: '<=', bound: 25 },
  p3ProcessedP99: { op: '<=', bound: 150 },
  p3AcceptedP99: { op: '<=', bound: 20 },
  p4IdleMiB: { op: '<=', bound: 120 },
  p4LoadMiB: { op: '<=', bound: 200 },
  p5ReadySeconds: { op: '<=', bound: 10 },
  /** The large backlog drains no more than 20 % slower than the small one. */
  p6LargeOverSmall: { op: '>=', bound: 0.8 },
  /** Issue 18: accept → processed at 50/s open loop. */
  p7ProcessedP50: { op: '<=', bound: 20 },
  p7ProcessedP99: { op: '<=', bound: 100 },
  /** Issue 18: a POST's occurrence on an open console board (the SSE event received), at 50/s. */
  p8LiveBoardP50: { op: '<=', bound: 150 },
  /** Issue 18: CPU per command over every process of the system, during P2. */
  c1CpuPerCommandMs: { op: '<=', bound: 3 },
} satisfies Record<string, Target>;

export function figure(id: string, label: string, value: number | null, unit: Unit, extra: Partial<Figure> = {}): Figure {
  return { id, label, value, unit, ...extra };
}

/** A figure that could not be measured, so the table says so instead of silently leaving it out. */
export function failedFigure(id: string, label: string, unit: Unit, error: unknown, extra: Partial<Figure> = {}): Figure {
  return { id, label, value: null, unit, error: error instanceof Error ? error.message : String(error), ...extra };
}
