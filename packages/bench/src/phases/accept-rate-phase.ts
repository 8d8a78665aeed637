import { figure, ratioTo, targets, type Figure } from '../figures';
import type { LoadResult } from '../load/load-job';
import { runLoad } from '../load/run-load';
import { prefixOf, runPhase, settle, type BenchContext } from './bench-context';

/** Answers other than 202, as a note: the rate counts only accepted commands. */
export function refusalNote(result: LoadResult): string | undefined {
  const refused = Object.entries(result.refused);
  if (refused.length === 0) return undefined;
  return `not accepted: ${refused.map(([status, { count, example }]) => `${count} × ${status === '0' ? 'no answer' : status} (${example.slice(0, 120)})`).join('; ')}`;
}

export const acceptedPerSecond = (result: LoadResult) => (result.accepted * 1_000) / Math.max(1, result.lastAnsweredAt - result.firstSentAt);

/** P1: 32 clients posting as fast as the gateway answers, everything else running. */
export function measureAcceptRate(context: BenchContext): Promise<Figure[]> {
  const { options } = context;
  const planned = [
    { id: 'P1', label: `gateway accepted, ${options.concurrency} clients`, unit: 'per_second' as const },
    { id: 'P1', label: '202 latency p50', unit: 'ms' as const },
    { id: 'P1', label: '202 latency p99', unit: 'ms' as const },
  ];
  return runPhase(context, 'P1 gateway accept rate', planned, async () => {
    const result = await runLoad({
      kind: 'closed',
      gatewayUrl: context.system.gatewayUrl,
      apiKey: context.system.apiKey,
      prefix: prefixOf(context, 'p1'),
      concurrency: options.concurrency,
      durationMs: options.p1Seconds * 1_000,
    });
    context.details.p1 = result;
    const rate = acceptedPerSecond(result);
    const share = ratioTo(rate, context.limits.l1);
    const note = refusalNote(result);
    await settle(context, 'P1');
    return [
      figure('P1', planned[0]!.label, rate, 'per_second', {
        target: targets.p1AcceptRate,
        ...(share !== undefined ? { ratio: { to: 'L1', value: share, target: targets.p1ShareOfL1 } } : {}),
        ...(note ? { note } : {}),
      }),
      figure('P1', planned[1]!.label, result.acceptedLatency.p50, 'ms'),
      figure('P1', planned[2]!.label, result.acceptedLatency.p99, 'ms'),
    ];
  });
}
