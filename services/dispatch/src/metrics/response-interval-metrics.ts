import { RESPONSE_HISTOGRAM_BUCKETS, type ResponseInterval } from '@atalaia/contracts';
import { Histogram, metricsRegistry } from '@atalaia/telemetry';

/** Distinct agencies, and occurrence types, a process gives labels of their own; any further one is `other`. */
export const MAX_LABEL_VALUES = 50;

const responseInterval = new Histogram({
  name: 'atalaia_response_interval_seconds',
  help: 'Response intervals (NFPA 1710: callProcessing, turnout, travel, onScene), each observed once, when it first completes',
  labelNames: ['interval', 'agency', 'type', 'priority'],
  buckets: [...RESPONSE_HISTOGRAM_BUCKETS],
  registers: [metricsRegistry],
});

/**
 * Keeps a label's cardinality bounded: the first `limit` values seen keep
 * their name, every later one is `other` (per process, so instances may
 * differ in which values those are).
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  valueOf(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return 'other';
    this.seen.add(value);
    return value;
  }
}

const agencies = new BoundedLabel(MAX_LABEL_VALUES);
const types = new BoundedLabel(MAX_LABEL_VALUES);

export interface IntervalObservation {
  interval: ResponseInterval;
  seconds: number;
  agencyId: string;
  /** Null while the occurrence's own events have not arrived. */
  type: string | null;
  priority: number | null;
}

const priorityLabel = (priority: number | null) =>
  priority !== null && Number.isInteger(priority) && priority >= 0 && priority <= 10 ? String(priority) : 'none';

export function observeResponseInterval(observation: IntervalObservation): void {
  responseInterval.observe(
    {
      interval: observation.interval,
      agency: agencies.valueOf(observation.agencyId),
      type: observation.type === null ? 'unknown' : types.valueOf(observation.type),
      priority: priorityLabel(observation.priority),
    },
    observation.seconds,
  );
}
