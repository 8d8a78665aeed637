import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseBenchOptions, type BenchOptions } from './bench-options';
import { BenchSystem } from './bench-system';
import { figure, type Figure } from './figures';
import { runLoad } from './load/run-load';
import { describeMachine, loadAverage, machineInfo, sourceRevision } from './machine-info';
import { measureAcceptRate } from './phases/accept-rate-phase';
import { prefixOf, settle, type BenchContext } from './phases/bench-context';
import { measureDrainGrowth } from './phases/drain-growth-phase';
import { measureEndToEnd } from './phases/end-to-end-phase';
import { measureLimits } from './phases/limits-phase';
import { memoryFigures } from './phases/memory-figures';
import { measureOpenLoopLatency, openLoopPlans } from './phases/open-loop-phase';
import { measureWarmStart } from './phases/warm-start-phase';
import { serviceResidentMiB } from './process-memory';
import { formatFigureTable, summarizeVerdicts } from './report-table';
import { writeResults } from './results-file';
import { SystemProbe } from './system-probe';

const repoRoot = path.resolve(__dirname, '../../..');
const log = (line: string) => process.stdout.write(`[bench] ${line}\n`);
/** The first start may fetch Kafka's jars with Maven. */
const FIRST_START_TIMEOUT_MS = 15 * 60_000;
const order = ['L1', 'L2', 'P1', 'P2', 'C1', 'R1', 'S1', 'P3', 'P7', 'P8', 'P4', 'P5', 'P6'];

function skipped(id: string, label: string): Figure {
  return figure(id, label, null, 's', { skipped: true });
}

async function warmUp(context: BenchContext): Promise<void> {
  const { system, options } = context;
  log(`warming up with ${options.warmupCommands} commands`);
  await runLoad({ kind: 'closed', gatewayUrl: system.gatewayUrl, apiKey: system.apiKey, prefix: prefixOf(context, 'warmup'), concurrency: 8, count: options.warmupCommands });
  await settle(context, 'the warm-up');
}

/** Every figure in one run of the system, in the order that keeps phases from disturbing each other. */
async function measure(system: BenchSystem, options: BenchOptions, details: Record<string, unknown>): Promise<Figure[]> {
  log('starting the system with npm start (own ports, temporary data dir)…');
  details.firstStartSeconds = (await system.start(FIRST_START_TIMEOUT_MS)) / 1_000;
  const probe = new SystemProbe(system, log);
  await probe.connect();
  details.postgres = `${options.durability} (${await probe.postgresDurability()})`;
  log(`PostgreSQL: ${details.postgres}`);
  const context: BenchContext = { system, probe, options, runId: `bench-${randomBytes(3).toString('hex')}`, limits: {}, details, log };
  const figures: Figure[] = [];
  try {
    await delay(5_000);
    const idle = serviceResidentMiB(system.servicePids());
    await warmUp(context);
    figures.push(...(await measureLimits(context)));
    figures.push(...(await measureAcceptRate(context)));
    const endToEnd = await measureEndToEnd(context);
    figures.push(...endToEnd.figures, ...memoryFigures(idle, endToEnd.peaks));
    for (const plan of openLoopPlans(options)) figures.push(...(await measureOpenLoopLatency(context, plan)));
    figures.push(...(options.skip.includes('p6') ? [skipped('P6', 'cost as work grows')] : await measureDrainGrowth(context)));
  } finally {
    // Before P5 restarts the servers under the probe's connections.
    await probe.close();
  }
  figures.push(...(options.skip.includes('p5') ? [skipped('P5', 'warm npm start → ready')] : await measureWarmStart(context)));
  return figures.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env, path.join(repoRoot, 'bench', 'results'));
  const startedAt = new Date();
  const machine = machineInfo();
  log(`${options.quick ? 'quick smoke run' : 'full run'} on ${describeMachine(machine)}`);
  const system = await BenchSystem.create(repoRoot);
  system.durability = options.durability;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the system…`);
      void system.dispose().finally(() => process.exit(130));
    });
  }
  const details: Record<string, unknown> = {};
  let figures: Figure[];
  try {
    figures = await measure(system, options, details);
  } catch (error) {
    log(`the bench could not run: ${(error as Error).message}`);
    log(`npm start output:\n${system.tail()}`);
    await system.dispose();
    process.exit(1);
  }
  await system.dispose();
  const results = { startedAt, finishedAt: new Date(), options, machine: { ...machine, loadAverageAtEnd: loadAverage() }, source: sourceRevision(repoRoot), figures, details };
  const file = await writeResults(options.resultsDir, startedAt, results);
  process.stdout.write(`\nAtalaia bench — ${options.quick ? 'QUICK smoke run (small counts; not comparable to targets)' : 'full run'}\n`);
  process.stdout.write(`machine: ${describeMachine(machine)}, ${loadAverage()} at the end\n`);
  process.stdout.write(`PostgreSQL: ${String(details.postgres)}\n\n${formatFigureTable(figures)}\n\n`);
  process.stdout.write(`${summarizeVerdicts(figures)}; figures written to ${path.relative(process.cwd(), file)} and latest.json\n`);
}

main().catch((error: Error) => {
  log(error.stack ?? error.message);
  process.exit(1);
});
