import { RateLimitCounter, type SharedWindowCounts } from '../src/http/rate-limit-counter';

/** The shared per-window totals (Postgres in the service), recording every add. */
class SharedTotals implements SharedWindowCounts {
  readonly totals = new Map<string, number>();
  readonly adds: number[] = [];
  failing = false;

  async add(clientId: string, windowStart: Date, requests: number): Promise<number> {
    await Promise.resolve();
    if (this.failing) throw new Error('connection refused');
    this.adds.push(requests);
    const key = `${clientId}@${windowStart.toISOString()}`;
    const total = (this.totals.get(key) ?? 0) + requests;
    this.totals.set(key, total);
    return total;
  }

  total(): number {
    return [...this.totals.values()].reduce((sum, count) => sum + count, 0);
  }
}

const WINDOW_MS = 60_000;
const FLUSH_MS = 200;

describe('rate-limit counter', () => {
  let clock: number;
  let shared: SharedTotals;
  const counter = () => new RateLimitCounter(shared, { windowMs: WINDOW_MS, flushIntervalMs: FLUSH_MS, now: () => clock });
  const hits = async (instance: RateLimitCounter, count: number, limit: number) => {
    const answers: number[] = [];
    for (let index = 0; index < count; index += 1) answers.push((await instance.hit('client-1', limit)).count);
    return answers;
  };

  beforeEach(() => {
    clock = 5 * WINDOW_MS + 1_000;
    shared = new SharedTotals();
  });

  it('when a client is far from its limit, then its requests are counted here and added to the shared total in one write per flush', async () => {
    const instance = counter();

    const answers = await hits(instance, 100, 1_000);

    expect(answers).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    expect(shared.adds).toEqual([1]);
    await instance.flush();
    expect(shared.adds).toEqual([1, 99]);
    expect(shared.total()).toBe(100);
  });

  it('when many first requests of a window arrive at once, then one write reads the shared total for all of them', async () => {
    const instance = counter();

    const answers = await Promise.all(Array.from({ length: 32 }, () => instance.hit('client-1', 1_000)));

    expect(answers.map((answer) => answer.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, index) => index + 1));
    expect(shared.adds).toEqual([1]);
  });

  it('when a small limit is shared by two instances, then requests through both are counted exactly and the one past the limit is refused', async () => {
    const first = counter();
    const second = counter();

    const answers = [];
    for (let index = 0; index < 6; index += 1) answers.push((await (index % 2 ? second : first).hit('client-1', 5)).count);

    expect(answers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shared.total()).toBe(6);
  });

  it('when a client reaches the last stretch before its limit, then each request is added at once and answered with the shared total', async () => {
    const instance = counter();
    shared.totals.set(`client-1@${new Date(5 * WINDOW_MS).toISOString()}`, 185);

    const answers = await hits(instance, 12, 200);

    // The exact stretch of a 200 limit is its last 20 requests: every one of these is within it.
    expect(answers).toEqual([186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197]);
    expect(shared.adds).toEqual(Array(12).fill(1));
  });

  it('when a client is past its limit, then further requests are refused without a write', async () => {
    const instance = counter();
    await hits(instance, 5, 5);
    const writes = shared.adds.length;

    const answers = await hits(instance, 3, 5);

    expect(answers).toEqual([6, 7, 8]);
    expect(shared.adds).toHaveLength(writes);
  });

  it('when the shared total has not been read for a while, then the next request reads it again, seeing what other instances counted', async () => {
    const here = counter();
    const elsewhere = counter();
    await hits(here, 1, 1_000);
    await hits(elsewhere, 500, 1_000);
    await elsewhere.flush();

    clock += 5 * FLUSH_MS + 1;
    const [next] = await hits(here, 1, 1_000);

    expect(next).toBe(502);
  });

  it('when a flush fails, then its counts are kept and added by the next one', async () => {
    const instance = counter();
    await hits(instance, 10, 1_000);
    shared.failing = true;

    await instance.flush();
    shared.failing = false;
    await instance.flush();

    expect(shared.total()).toBe(10);
  });

  it('when the shared total cannot be read for a request that needs it, then that request fails and earlier counts are not lost', async () => {
    const instance = counter();
    await hits(instance, 3, 1_000);
    shared.failing = true;
    clock += 5 * FLUSH_MS + 1;

    await expect(instance.hit('client-1', 1_000)).rejects.toThrow('connection refused');

    shared.failing = false;
    await instance.flush();
    expect(shared.total()).toBe(3);
  });

  it('when it stops, then counts made only here are added to the shared total', async () => {
    const instance = counter();
    await hits(instance, 40, 1_000);

    await instance.stop();

    expect(shared.total()).toBe(40);
  });

  it('when two instances serve one client in turns and flush every few requests, then together they pass the limit by less than one flush of traffic', async () => {
    const instances = [counter(), counter()];
    let accepted = 0;

    for (let round = 0; round < 300; round += 1) {
      const instance = instances[round % 2]!;
      if ((await instance.hit('client-1', 100)).count <= 100) accepted += 1;
      if (round % 10 === 9) {
        clock += FLUSH_MS;
        await Promise.all(instances.map((each) => each.flush()));
      }
    }

    expect(accepted).toBeGreaterThanOrEqual(100);
    expect(accepted).toBeLessThanOrEqual(100 + 5);
  });

  it('when a window is over and its counts are sent, then the instance forgets it', async () => {
    const instance = counter();
    await hits(instance, 3, 1_000);
    await instance.flush();

    clock += WINDOW_MS;
    await instance.flush();
    const [first] = await hits(instance, 1, 1_000);

    expect(first).toBe(1);
    expect(shared.totals.size).toBe(2);
  });
});
