import { Counter, Gauge, metricsRegistry } from '@atalaia/telemetry';
import { LagSampler, type LagSamplerOptions } from './lag-sampler';

let sampler: LagSampler | undefined;

const lagReadFailures = new Counter({
  name: 'atalaia_consumer_lag_read_failures_total',
  help: 'Consumer lag reads from the broker that failed or timed out (the lag gauge then keeps its last values)',
  registers: [metricsRegistry],
});

/**
 * Read from the broker's offsets when Prometheus scrapes, by the relay: it runs
 * whichever consumer is down, which is when lag matters. Labels are the
 * installation's own groups and their topics' partitions, so they stay bounded.
 */
const consumerLag = new Gauge({
  name: 'atalaia_consumer_lag_messages',
  help: "Messages between a consumer group's committed offset and the end of a partition it reads",
  labelNames: ['group', 'topic', 'partition'],
  registers: [metricsRegistry],
  async collect() {
    if (!sampler) return;
    const rows = await sampler.latest();
    this.reset();
    for (const { group, topic, partition, lag } of rows) this.set({ group, topic, partition: String(partition) }, lag);
  },
});

export type ConsumerLagWatchOptions = Pick<LagSamplerOptions, 'read'> & Partial<Pick<LagSamplerOptions, 'maxAgeMs' | 'timeoutMs' | 'onFailure'>>;

/** Has `/metrics` report the lag `read` returns (cached 5 s by default); returns a function that stops it. */
export function watchConsumerLag(options: ConsumerLagWatchOptions): () => void {
  const watching = new LagSampler({
    read: options.read,
    maxAgeMs: options.maxAgeMs ?? 5_000,
    timeoutMs: options.timeoutMs ?? 4_000,
    onFailure: (error) => {
      lagReadFailures.inc();
      options.onFailure?.(error);
    },
  });
  sampler = watching;
  return () => {
    if (sampler !== watching) return;
    sampler = undefined;
    consumerLag.reset();
  };
}
