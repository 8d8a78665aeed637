import { Gauge, metricsRegistry } from '@atalaia/telemetry';
import type { ParkedBacklog } from '../db/parked-command-store';

type ReadBacklog = () => Promise<ParkedBacklog>;

let reader: ReadBacklog | undefined;
let reading: Promise<ParkedBacklog | undefined> | undefined;

/**
 * One database read per scrape for both gauges: prom-client collects metrics
 * concurrently, so each gauge's collect joins the reading in flight.
 */
function readBacklog(): Promise<ParkedBacklog | undefined> {
  reading ??= (reader ? reader() : Promise.resolve(undefined))
    // An unreachable database keeps the last reading; readiness and logs say why.
    .catch(() => undefined)
    .finally(() => (reading = undefined));
  return reading;
}

/** Read from the database when Prometheus scrapes, so every instance reports the shared table. */
new Gauge({
  name: 'atalaia_dispatch_parked_commands',
  help: 'Dispatch commands parked until their occurrence reaches the dispatch view',
  registers: [metricsRegistry],
  async collect() {
    const backlog = await readBacklog();
    if (backlog) this.set(backlog.count);
  },
});

new Gauge({
  name: 'atalaia_dispatch_parked_oldest_seconds',
  help: 'Age of the oldest parked dispatch command (0 when none wait)',
  registers: [metricsRegistry],
  async collect() {
    const backlog = await readBacklog();
    if (backlog) this.set(backlog.oldestSeconds);
  },
});

/** Has `/metrics` report the parked-command backlog read by `read`; returns a function that stops it. */
export function watchParkedCommands(read: ReadBacklog): () => void {
  reader = read;
  return () => {
    if (reader === read) reader = undefined;
  };
}
