import { messageCatalog } from '@atalaia/contracts';
import { Histogram, metricsRegistry } from '@atalaia/telemetry';

/** A command its first final result moved out of pending. */
export interface SettledCommand {
  type: string;
  outcome: 'processed' | 'failed';
  /** From its acceptance (the row's created_at) to the result (processed_at). */
  latencySeconds: number;
}

/** The command types the gateway accepts: those travelling on a commands topic. */
const commandTypes = new Set(
  Object.entries(messageCatalog)
    .filter(([, definition]) => definition.topic === 'occurrenceCommands' || definition.topic === 'dispatchCommands')
    .map(([type]) => type),
);

/** A known command type as itself; anything else (a row from an older version) as `unknown`, so the label stays bounded. */
export function commandTypeLabel(type: string): string {
  return commandTypes.has(type) ? type : 'unknown';
}

const commandLatency = new Histogram({
  name: 'atalaia_command_latency_seconds',
  help: 'Time from accepting a command to its result (processed or failed), once per command, by command type and outcome',
  labelNames: ['command_type', 'outcome'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

export function observeCommandLatency(settled: SettledCommand): void {
  commandLatency.observe({ command_type: commandTypeLabel(settled.type), outcome: settled.outcome }, Math.max(0, settled.latencySeconds));
}
