import { figure, targets, type Figure } from '../figures';
import { median } from '../percentiles';
import { runPhase, type BenchContext } from './bench-context';

/**
 * P5: `npm start` stopped and started again on the same data dir (installed,
 * generated, Kafka's jars cached, databases migrated): spawn → ready line.
 * Leaves the system running.
 */
export function measureWarmStart(context: BenchContext): Promise<Figure[]> {
  const { options, system } = context;
  const label = `warm npm start → ready, median of ${options.p5Repeats}`;
  return runPhase(context, 'P5 warm start', [{ id: 'P5', label, unit: 's' }], async () => {
    const seconds: number[] = [];
    for (let run = 0; run < options.p5Repeats; run += 1) {
      await system.stop();
      seconds.push((await system.start(300_000)) / 1_000);
      context.log(`P5: ready in ${seconds.at(-1)!.toFixed(2)} s`);
    }
    context.details.p5 = { seconds };
    return [figure('P5', label, median(seconds), 's', { target: targets.p5ReadySeconds })];
  });
}
