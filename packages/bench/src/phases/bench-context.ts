import type { BenchOptions } from '../bench-options';
import type { BenchSystem } from '../bench-system';
import type { Figure } from '../figures';
import { formatValue } from '../report-table';
import type { SystemProbe } from '../system-probe';

export interface BenchContext {
  system: BenchSystem;
  probe: SystemProbe;
  options: BenchOptions;
  /** Prefix of every idempotency key and externalId of this run. */
  runId: string;
  /** Limits measured so far, for the ratios. */
  limits: { l1?: number; l2?: number };
  /** Raw measurements behind the figures, written to the results file. */
  details: Record<string, unknown>;
  log(line: string): void;
}

export const prefixOf = (context: BenchContext, phase: string) => `${context.runId}-${phase}`;

/** Lets in-flight work finish between phases, so one phase's backlog is never the next one's load. */
export async function settle(context: BenchContext, after: string): Promise<void> {
  context.log(`waiting for the system to finish the work of ${after}…`);
  await context.probe.waitUntilQuiet(context.options.stallSeconds * 1_000, `after ${after}`);
}

/** Runs a phase; a phase that throws yields the figures it promised, each marked with the error. */
export async function runPhase(context: BenchContext, name: string, planned: Array<Pick<Figure, 'id' | 'label' | 'unit'>>, phase: () => Promise<Figure[]>): Promise<Figure[]> {
  context.log(`── ${name}`);
  try {
    const figures = await phase();
    for (const figure of figures) context.log(`${figure.id} ${figure.label}: ${formatValue(figure.value, figure.unit)}${figure.error ? ` (${figure.error})` : ''}`);
    return figures;
  } catch (error) {
    const message = (error as Error).message;
    context.log(`${name} failed: ${message}`);
    context.details[`${name} error`] = (error as Error).stack ?? message;
    return planned.map((figure) => ({ ...figure, value: null, error: message }));
  }
}
