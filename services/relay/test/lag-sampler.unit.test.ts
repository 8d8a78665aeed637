import type { ConsumerLagRow } from '@atalaia/kafka';
import { LagSampler } from '../src/metrics/lag-sampler';

const row = (lag: number): ConsumerLagRow => ({ group: 'g', topic: 't', partition: 0, lag });

describe('lag sampler', () => {
  let clock: number;
  let failures: unknown[];
  const sampler = (read: () => Promise<ConsumerLagRow[]>, timeoutMs = 1_000) =>
    new LagSampler({ read, maxAgeMs: 5_000, timeoutMs, onFailure: (error) => failures.push(error), now: () => clock });

  beforeEach(() => {
    clock = 0;
    failures = [];
  });

  it('when scraped again within the cache age, then the broker is not asked again; after it, it is', async () => {
    let reads = 0;
    const lag = sampler(async () => [row(++reads)]);

    expect(await lag.latest()).toEqual([row(1)]);
    clock = 4_999;
    expect(await lag.latest()).toEqual([row(1)]);
    clock = 5_000;
    expect(await lag.latest()).toEqual([row(2)]);
  });

  it('when scrapes arrive during a read, then they share it', async () => {
    let reads = 0;
    const lag = sampler(async () => [row(++reads)]);

    const answers = await Promise.all([lag.latest(), lag.latest(), lag.latest()]);

    expect(answers).toEqual([[row(1)], [row(1)], [row(1)]]);
    expect(reads).toBe(1);
  });

  it('when a read fails, then the last rows stay, the failure is reported once, and the next read waits for the cache age', async () => {
    let broken = false;
    let reads = 0;
    const lag = sampler(async () => {
      reads += 1;
      if (broken) throw new Error('broker away');
      return [row(7)];
    });
    await lag.latest();
    broken = true;
    clock = 5_000;

    expect(await lag.latest()).toEqual([row(7)]);
    expect(await lag.latest()).toEqual([row(7)]);
    expect(failures).toHaveLength(1);
    expect(reads).toBe(2);
  });

  it('when a read stalls past the timeout, then the scrape gets the last rows and the failure is counted', async () => {
    const lag = sampler(() => new Promise<ConsumerLagRow[]>(() => undefined), 20);

    expect(await lag.latest()).toEqual([]);
    expect(String(failures[0])).toMatch(/took over 20 ms/);
  });
});
