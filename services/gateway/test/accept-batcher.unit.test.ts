import { AcceptBatcher, type AcceptBatcherOptions, type BatchSender } from '../src/db/accept-batcher';

interface Item {
  name: string;
  size?: number;
}

/** A statement the fake database received and has not answered yet. */
interface Sent {
  kind: 'batch' | 'one';
  names: string[];
  finished: boolean;
  finish(): void;
}

/** A database that answers each statement only when the test says so; an item's result is its name. */
class HeldStatements implements BatchSender<Item, string> {
  readonly sent: Sent[] = [];
  /** Items that make their statement fail, alone or in a batch. */
  readonly bad = new Set<string>();
  /** Items that fail on their own after their batch statement succeeded (e.g. the read of a reused key). */
  readonly failingOnTheirOwn = new Set<string>();

  sendBatch(items: Item[]): Promise<Array<PromiseSettledResult<string>>> {
    return this.hold('batch', items, () => {
      if (items.some((item) => this.bad.has(item.name))) throw new Error('batch statement failed');
      return items.map((item): PromiseSettledResult<string> =>
        this.failingOnTheirOwn.has(item.name) ? { status: 'rejected', reason: new Error(`${item.name} failed`) } : { status: 'fulfilled', value: item.name },
      );
    });
  }

  sendOne(item: Item): Promise<string> {
    return this.hold('one', [item], () => {
      if (this.bad.has(item.name)) throw new Error(`${item.name} refused`);
      return item.name;
    });
  }

  get inFlight(): Sent[] {
    return this.sent.filter((statement) => !statement.finished);
  }

  /** Answers the oldest open statement and lets the batcher react. */
  async finishOldest(): Promise<void> {
    this.inFlight[0]!.finish();
    await flush();
  }

  private hold<T>(kind: Sent['kind'], items: Item[], answer: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const statement: Sent = {
        kind,
        names: items.map((item) => item.name),
        finished: false,
        finish: () => {
          statement.finished = true;
          try {
            resolve(answer());
          } catch (error) {
            reject(error);
          }
        },
      };
      this.sent.push(statement);
    });
  }
}

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('accept batcher (group commit)', () => {
  let database: HeldStatements;
  const batcher = (options: Partial<AcceptBatcherOptions<Item>> = {}) =>
    new AcceptBatcher(database, { maxInFlight: 2, maxBatchItems: 64, maxBatchBytes: 1_000, sizeOf: (item) => item.size ?? 10, ...options });
  const items = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => ({ name: `${prefix}${index}` }));

  beforeEach(() => {
    database = new HeldStatements();
  });

  it('when the batcher is idle, then a lone request is sent at once, alone', async () => {
    const accepts = batcher();

    const outcome = accepts.submit({ name: 'a' });

    expect(database.sent.map(({ kind, names }) => ({ kind, names }))).toEqual([{ kind: 'one', names: ['a'] }]);
    await database.finishOldest();
    await expect(outcome).resolves.toBe('a');
  });

  it('when the in-flight limit is reached, then later requests wait and leave together in one statement when one finishes', async () => {
    const accepts = batcher({ maxInFlight: 2 });
    const outcomes = [...items('first', 2), ...items('later', 5)].map((item) => accepts.submit(item));

    expect(database.sent.map(({ names }) => names)).toEqual([['first0'], ['first1']]);
    await database.finishOldest();

    expect(database.sent.map(({ kind, names }) => ({ kind, names }))).toEqual([
      { kind: 'one', names: ['first0'] },
      { kind: 'one', names: ['first1'] },
      { kind: 'batch', names: ['later0', 'later1', 'later2', 'later3', 'later4'] },
    ]);
    expect(database.inFlight).toHaveLength(2);
    await database.finishOldest();
    await database.finishOldest();
    await expect(Promise.all(outcomes)).resolves.toEqual(['first0', 'first1', 'later0', 'later1', 'later2', 'later3', 'later4']);
  });

  it('when many requests wait, then no more than the in-flight limit of statements is ever open', async () => {
    const accepts = batcher({ maxInFlight: 3, maxBatchItems: 4 });
    const outcomes = items('r', 40).map((item) => accepts.submit(item));

    let widest = 0;
    while (database.inFlight.length > 0) {
      widest = Math.max(widest, database.inFlight.length);
      await database.finishOldest();
    }

    expect(widest).toBe(3);
    await expect(Promise.all(outcomes)).resolves.toEqual(items('r', 40).map((item) => item.name));
  });

  it('when more requests wait than a batch may hold, then batches stop at the item bound, oldest first', async () => {
    const accepts = batcher({ maxInFlight: 1, maxBatchItems: 4 });
    items('r', 11).forEach((item) => void accepts.submit(item));

    while (database.inFlight.length > 0) await database.finishOldest();

    expect(database.sent.map(({ names }) => names)).toEqual([['r0'], ['r1', 'r2', 'r3', 'r4'], ['r5', 'r6', 'r7', 'r8'], ['r9', 'r10']]);
  });

  it('when waiting requests are large, then batches stop at the byte bound, and a request larger than the bound goes alone', async () => {
    const accepts = batcher({ maxInFlight: 1, maxBatchBytes: 100 });
    const sizes = [1, 40, 40, 40, 500, 30, 30];
    sizes.forEach((size, index) => void accepts.submit({ name: `r${index}`, size }));

    while (database.inFlight.length > 0) await database.finishOldest();

    expect(database.sent.map(({ names }) => names)).toEqual([['r0'], ['r1', 'r2'], ['r3'], ['r4'], ['r5', 'r6']]);
  });

  it('when a batch statement fails, then each of its requests is retried alone and only the bad one fails', async () => {
    const failures: Array<[unknown, number]> = [];
    const accepts = batcher({ maxInFlight: 1, onBatchFailure: (error, count) => failures.push([error, count]) });
    database.bad.add('r2');
    const outcomes = items('r', 4).map((item) => accepts.submit(item).catch((error: Error) => error.message));

    while (database.inFlight.length > 0) await database.finishOldest();

    expect(database.sent.map(({ kind, names }) => `${kind}:${names.join(',')}`)).toEqual(['one:r0', 'batch:r1,r2,r3', 'one:r1', 'one:r2', 'one:r3']);
    await expect(Promise.all(outcomes)).resolves.toEqual(['r0', 'r1', 'r2 refused', 'r3']);
    expect(failures).toEqual([[new Error('batch statement failed'), 3]]);
  });

  it('when a batch statement fails, then its slot stays taken until its requests were retried', async () => {
    const accepts = batcher({ maxInFlight: 1 });
    database.bad.add('r1');
    items('r', 3).forEach((item) => void accepts.submit(item).catch(() => undefined));
    await database.finishOldest();
    await database.finishOldest();

    void accepts.submit({ name: 'late' });

    expect(database.inFlight.map(({ names }) => names)).toEqual([['r1'], ['r2']]);
    await database.finishOldest();
    await database.finishOldest();
    expect(database.inFlight.map(({ names }) => names)).toEqual([['late']]);
  });

  it('when one request of a batch fails after the statement succeeded, then only that request fails and nothing is retried', async () => {
    const accepts = batcher({ maxInFlight: 1 });
    database.failingOnTheirOwn.add('r2');
    const outcomes = items('r', 4).map((item) => accepts.submit(item).catch((error: Error) => error.message));

    while (database.inFlight.length > 0) await database.finishOldest();

    expect(database.sent).toHaveLength(2);
    await expect(Promise.all(outcomes)).resolves.toEqual(['r0', 'r1', 'r2 failed', 'r3']);
  });
});
