import { figure, targets, type Figure } from '../figures';
import { runLoad } from '../load/run-load';
import { summarizeLatencies } from '../percentiles';
import { refusalNote } from './accept-rate-phase';
import { prefixOf, runPhase, settle, type BenchContext } from './bench-context';
import { storedCommandMismatches } from './end-to-end-phase';

/**
 * P3: commands sent on a fixed schedule. Accept → processed comes from the
 * gateway's rows (commands.created_at → processed_at), not from polling,
 * which would add load and round the latency up to the polling interval.
 */
export function measureOpenLoopLatency(context: BenchContext): Promise<Figure[]> {
  const { options, system, probe } = context;
  const at = `at ${options.p3RatePerSecond}/s open loop`;
  const planned = [
    { id: 'P3', label: `accept → processed p50 ${at}`, unit: 'ms' as const },
    { id: 'P3', label: `accept → processed p99 ${at}`, unit: 'ms' as const },
    { id: 'P3', label: `202 latency p99 ${at}`, unit: 'ms' as const },
  ];
  return runPhase(context, 'P3 open-loop latency', planned, async () => {
    const prefix = prefixOf(context, 'p3');
    const load = await runLoad({
      kind: 'open',
      gatewayUrl: system.gatewayUrl,
      apiKey: system.apiKey,
      prefix,
      ratePerSecond: options.p3RatePerSecond,
      durationMs: options.p3Seconds * 1_000,
    });
    await settle(context, 'P3');
    const processing = summarizeLatencies(await probe.processingLatencies(prefix));
    const commands = await probe.commandsOf(prefix);
    context.details.p3 = { load, processing, commands: { ...commands, ids: undefined } };
    const mismatches = storedCommandMismatches(load.accepted, commands);
    const error = mismatches.length > 0 ? mismatches.join('; ') : undefined;
    const note = refusalNote(load);
    const extra = { ...(error ? { error } : {}), ...(note ? { note } : {}) };
    return [
      figure('P3', planned[0]!.label, processing.p50, 'ms', { target: targets.p3ProcessedP50, ...extra }),
      figure('P3', planned[1]!.label, processing.p99, 'ms', { target: targets.p3ProcessedP99, ...extra }),
      figure('P3', planned[2]!.label, load.acceptedLatency.p99, 'ms', { target: targets.p3AcceptedP99, ...(note ? { note } : {}) }),
    ];
  });
}
