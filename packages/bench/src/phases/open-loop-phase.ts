import type { BenchOptions } from '../bench-options';
import { figure, targets, type Figure, type Target } from '../figures';
import { runLoad } from '../load/run-load';
import { summarizeLatencies } from '../percentiles';
import { refusalNote } from './accept-rate-phase';
import { LiveBoardListener } from './live-board-listener';
import { prefixOf, runPhase, settle, type BenchContext } from './bench-context';
import { storedCommandMismatches } from './end-to-end-phase';

export interface OpenLoopPlan {
  id: 'P3' | 'P7';
  /** Also measure P8: accept → the occurrence's event on an open console board. */
  liveBoard?: boolean;
  ratePerSecond: number;
  seconds: number;
  processedP50: Target;
  processedP99: Target;
}

/** P3 (issue 9: 200/s) and P7 (issue 18: 50/s, a quarter of the earlier capacity, so nothing queues). */
export const openLoopPlans = (options: BenchOptions): OpenLoopPlan[] => [
  { id: 'P3', ratePerSecond: options.p3RatePerSecond, seconds: options.p3Seconds, processedP50: targets.p3ProcessedP50, processedP99: targets.p3ProcessedP99 },
  { id: 'P7', liveBoard: true, ratePerSecond: 50, seconds: options.p3Seconds, processedP50: targets.p7ProcessedP50, processedP99: targets.p7ProcessedP99 },
];

/**
 * Commands sent on a fixed schedule. Accept → processed comes from the
 * gateway's rows (commands.created_at → processed_at), not from polling,
 * which would add load and round the latency up to the polling interval.
 */
export function measureOpenLoopLatency(context: BenchContext, plan: OpenLoopPlan): Promise<Figure[]> {
  const { system, probe } = context;
  const at = `at ${plan.ratePerSecond}/s open loop`;
  const planned: Array<Pick<Figure, 'id' | 'label' | 'unit'>> = [
    { id: plan.id, label: `accept → processed p50 ${at}`, unit: 'ms' as const },
    { id: plan.id, label: `accept → processed p99 ${at}`, unit: 'ms' as const },
    { id: plan.id, label: `202 latency p99 ${at}`, unit: 'ms' as const },
  ];
  if (plan.liveBoard) planned.push({ id: 'P8', label: `accept → occurrence on an open console board (SSE) p50 ${at}`, unit: 'ms' as const });
  return runPhase(context, `${plan.id} open-loop latency`, planned, async () => {
    const prefix = prefixOf(context, plan.id.toLowerCase());
    const board = plan.liveBoard ? new LiveBoardListener(system.gatewayUrl, system.apiKey) : undefined;
    await board?.open();
    const load = await runLoad({
      kind: 'open',
      gatewayUrl: system.gatewayUrl,
      apiKey: system.apiKey,
      prefix,
      ratePerSecond: plan.ratePerSecond,
      durationMs: plan.seconds * 1_000,
    });
    await settle(context, plan.id);
    await board?.close();
    const processing = summarizeLatencies(await probe.processingLatencies(prefix));
    const commands = await probe.commandsOf(prefix);
    const hops = await probe.hopLatencies(prefix);
    context.log(`${plan.id} accept → processed by hop (medians): ${Object.entries(hops).map(([hop, ms]) => `${hop} ${ms} ms`).join('; ')}`);
    context.details[plan.id.toLowerCase()] = { load, processing, hops, commands: { ...commands, ids: undefined } };
    const mismatches = storedCommandMismatches(load.accepted, commands);
    const error = mismatches.length > 0 ? mismatches.join('; ') : undefined;
    const note = refusalNote(load);
    const extra = { ...(error ? { error } : {}), ...(note ? { note } : {}) };
    const liveBoard = board ? await liveBoardFigure(context, prefix, board, planned[3]!.label) : [];
    return [
      ...liveBoard,
      figure(plan.id, planned[0]!.label, processing.p50, 'ms', { target: plan.processedP50, ...extra }),
      figure(plan.id, planned[1]!.label, processing.p99, 'ms', { target: plan.processedP99, ...extra }),
      figure(plan.id, planned[2]!.label, load.acceptedLatency.p99, 'ms', { target: targets.p3AcceptedP99, ...(note ? { note } : {}) }),
    ];
  });
}

/** P8: accept (the command row's created_at) → the occurrence's `occurrence.created` event on the open stream, for every intake of the phase. */
async function liveBoardFigure(context: BenchContext, prefix: string, board: LiveBoardListener, label: string): Promise<Figure[]> {
  const accepted = await context.probe.acceptedAtByOccurrence(prefix);
  const latencies: number[] = [];
  for (const [occurrenceId, acceptedAt] of accepted) {
    const seenAt = board.createdSeenAt.get(occurrenceId);
    if (seenAt !== undefined) latencies.push(seenAt - acceptedAt);
  }
  const summary = summarizeLatencies(latencies);
  context.details.p8 = { accepted: accepted.size, seen: latencies.length, latency: summary };
  const missing = accepted.size - latencies.length;
  return [
    figure('P8', label, summary.p50, 'ms', {
      target: targets.p8LiveBoardP50,
      note: `p99 ${Number.isNaN(summary.p99) ? '—' : summary.p99.toFixed(0)} ms`,
      ...(missing > 0 ? { error: `${missing} of ${accepted.size} occurrences never reached the board` } : {}),
    }),
  ];
}
