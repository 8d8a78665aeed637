import { figure, ratioTo, targets, type Figure } from '../figures';
import { runLoad } from '../load/run-load';
import { refusalNote } from './accept-rate-phase';
import { prefixOf, settle, type BenchContext } from './bench-context';

interface Drain {
  count: number;
  accepted: number;
  seconds: number;
  perSecond: number;
  note?: string;
}

/**
 * Preloads `count` commands over HTTP with the relay frozen, then lets it go
 * and times the drain until the last one is processed (its processed_at).
 */
async function drainBacklog(context: BenchContext, count: number): Promise<Drain> {
  const { system, probe, options } = context;
  const prefix = prefixOf(context, `p6-${count}`);
  system.pause('relay');
  let releasedAt: number;
  let load;
  try {
    context.log(`P6: preloading ${count} commands with the relay frozen…`);
    load = await runLoad({ kind: 'closed', gatewayUrl: system.gatewayUrl, apiKey: system.apiKey, prefix, concurrency: options.concurrency, count });
  } finally {
    releasedAt = Date.now();
    system.resume('relay');
  }
  context.log(`P6: ${load.accepted} accepted; draining…`);
  await probe.waitUntilProcessed(options.stallSeconds * 1_000, `P6 drain of ${count}`);
  const commands = await probe.commandsOf(prefix);
  const seconds = ((commands.lastProcessedAt?.getTime() ?? releasedAt) - releasedAt) / 1_000;
  await settle(context, `P6 ${count}`);
  const problems = [refusalNote(load), commands.processed !== load.accepted ? `${commands.processed} processed of ${load.accepted} accepted` : undefined].filter(Boolean);
  return { count, accepted: load.accepted, seconds, perSecond: commands.processed / seconds, ...(problems.length > 0 ? { note: problems.join('; ') } : {}) };
}

/** P6: the drain rate of a large backlog against a small one; tables and indexes must not slow the engine as they grow. */
export async function measureDrainGrowth(context: BenchContext): Promise<Figure[]> {
  const { p6SmallCount: small, p6LargeCount: large } = context.options;
  const drains: Drain[] = [];
  const label = (count: number) => `drain of ${count.toLocaleString('en-US')} preloaded commands`;
  const drainFigure = (drain: Drain | undefined, count: number, error?: string) =>
    figure('P6', label(count), drain?.perSecond ?? null, 'per_second', {
      ...(drain && ratioTo(drain.perSecond, context.limits.l1) !== undefined ? { ratio: { to: 'L1', value: ratioTo(drain.perSecond, context.limits.l1)! } } : {}),
      ...(drain?.note ? { error: drain.note } : {}),
      ...(error ? { error } : {}),
    });
  context.log('── P6 cost as work grows');
  let error: string | undefined;
  try {
    for (const count of [small, large]) drains.push(await drainBacklog(context, count));
  } catch (failure) {
    error = (failure as Error).message;
    context.log(`P6 failed: ${error}`);
  }
  context.details.p6 = drains;
  const [smallDrain, largeDrain] = drains;
  const ratio = ratioTo(largeDrain?.perSecond ?? null, smallDrain?.perSecond);
  return [
    drainFigure(smallDrain, small, smallDrain ? undefined : error),
    drainFigure(largeDrain, large, largeDrain ? undefined : error),
    figure('P6', `drain rate ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')}`, ratio ?? null, 'ratio', {
      target: targets.p6LargeOverSmall,
      ...(ratio === undefined ? { error: error ?? 'no drain rates to compare' } : {}),
    }),
  ];
}
