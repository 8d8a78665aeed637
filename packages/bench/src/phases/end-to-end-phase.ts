import { figure, ratioTo, targets, type Figure } from '../figures';
import type { LoadResult } from '../load/load-job';
import { runLoad } from '../load/run-load';
import { PeakMemorySampler, serviceResidentMiB } from '../process-memory';
import type { CommandsOfPrefix, AuditOfCommands } from '../system-probe';
import { refusalNote } from './accept-rate-phase';
import { costFigures, costPerCommand, snapshotCosts } from './cost-counters';
import { prefixOf, runPhase, settle, type BenchContext } from './bench-context';

/**
 * Every command the gateway stored (each 202'd one, plus any whose answer the
 * client gave up waiting for) was processed; anything else is listed.
 */
export function storedCommandMismatches(accepted: number, commands: CommandsOfPrefix): string[] {
  const mismatches: string[] = [];
  if (commands.total < accepted) mismatches.push(`${accepted - commands.total} of ${accepted} accepted commands are not stored`);
  if (commands.processed !== commands.total) mismatches.push(`${commands.processed} processed of ${commands.total} stored (${commands.failed} failed)`);
  return mismatches;
}

/** …and each one wrote its occurrence and reached the audit trail. */
export function endToEndMismatches(accepted: number, commands: CommandsOfPrefix, occurrences: number, audit: AuditOfCommands): string[] {
  const mismatches = storedCommandMismatches(accepted, commands);
  if (occurrences !== commands.total) mismatches.push(`${occurrences} occurrences for ${commands.total} commands`);
  if (audit.commands !== commands.total) mismatches.push(`${audit.commands} commands audited of ${commands.total}`);
  return mismatches;
}

async function verifyAuditChain(context: BenchContext): Promise<string | undefined> {
  const response = await fetch(`${context.system.gatewayUrl}/api/audit/verification`, { headers: { 'x-api-key': context.system.apiKey } });
  const body = (await response.json()) as { valid?: boolean; entries?: number };
  context.details.auditVerification = body;
  return response.status === 200 && body.valid === true ? undefined : `audit chain verification: ${response.status} ${JSON.stringify(body).slice(0, 200)}`;
}

/**
 * P2: the closed loop runs for the configured time, then the bench waits for
 * the drain; the rate covers first accept to the last command processed and
 * audited. RSS peaks (P4) are sampled throughout.
 */
export function measureEndToEnd(context: BenchContext): Promise<{ figures: Figure[]; peaks: Map<string, number> }> {
  const { options, probe, system } = context;
  const label = `end to end (accepted → processed, occurrence, audit), ${options.p2Seconds} s closed loop + drain`;
  const sampler = new PeakMemorySampler(() => serviceResidentMiB(system.servicePids()));
  const prefix = prefixOf(context, 'p2');
  const planned = [
    { id: 'P2', label, unit: 'per_second' as const },
    { id: 'C1', label: 'CPU per command (during P2)', unit: 'ms' as const },
    { id: 'R1', label: 'Kafka requests per command (during P2)', unit: 'per_command' as const },
    { id: 'S1', label: 'SQL statements per command (during P2)', unit: 'per_command' as const },
  ];
  const figures = runPhase(context, 'P2 sustained end-to-end rate', planned, async () => {
    const costsBefore = await snapshotCosts(system, probe);
    sampler.start();
    let load: LoadResult;
    try {
      load = await runLoad({ kind: 'closed', gatewayUrl: system.gatewayUrl, apiKey: system.apiKey, prefix, concurrency: options.concurrency, durationMs: options.p2Seconds * 1_000 });
      context.log(`P2: ${load.accepted} accepted; draining…`);
      await settle(context, 'P2');
    } finally {
      sampler.stop();
    }
    const costsAfter = await snapshotCosts(system, probe);
    const commands = await probe.commandsOf(prefix);
    const cost = costPerCommand(costsBefore, costsAfter, commands.processed);
    context.details.p2Cost = cost;
    const [occurrences, audit] = await Promise.all([probe.occurrencesOf(prefix), probe.auditOf(commands.ids)]);
    const endedAt = Math.max(commands.lastProcessedAt?.getTime() ?? 0, audit.lastRecordedAt?.getTime() ?? 0);
    const seconds = (endedAt - (commands.firstCreatedAt?.getTime() ?? endedAt)) / 1_000;
    const rate = seconds > 0 ? commands.processed / seconds : null;
    const problems = [...endToEndMismatches(load.accepted, commands, occurrences, audit), ...[await verifyAuditChain(context)].filter((problem) => problem !== undefined)];
    context.details.p2 = { load, commands: { ...commands, ids: undefined }, occurrences, audit, seconds };
    const share = ratioTo(rate, context.limits.l1);
    const note = refusalNote(load);
    return [
      figure('P2', label, rate, 'per_second', {
        target: targets.p2EndToEndRate,
        ...(share !== undefined ? { ratio: { to: 'L1', value: share } } : {}),
        ...(problems.length > 0 ? { error: problems.join('; ') } : {}),
        ...(note ? { note } : {}),
      }),
      ...costFigures(cost, 'P2'),
    ];
  });
  return figures.then((list) => ({ figures: list, peaks: sampler.stop() }));
}
