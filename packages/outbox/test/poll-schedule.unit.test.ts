import { idleWaitMs } from '../src/poll-schedule';

const options = { minPollIntervalMs: 2, pollIntervalMs: 100, busyWindowMs: 250 };

/** The waits of a run of empty polls, each starting `sinceRows` after the last rows plus the waits before it. */
function waitsAfterRows(polls: number, sinceRowsAtFirst: number): number[] {
  const waits: number[] = [];
  let since = sinceRowsAtFirst;
  let previous = 0;
  for (let poll = 0; poll < polls; poll += 1) {
    previous = idleWaitMs(options, since, previous);
    waits.push(previous);
    since += previous;
  }
  return waits;
}

describe('the relay poll schedule', () => {
  it('keeps the shortest wait for the whole busy window after rows were found', () => {
    const waits = waitsAfterRows(125, 0);
    expect(new Set(waits)).toEqual(new Set([2]));
  });

  it('doubles the wait once the window has passed, up to the poll interval, and stays there', () => {
    expect(waitsAfterRows(135, 0).slice(124)).toEqual([2, 4, 8, 16, 32, 64, 100, 100, 100, 100, 100]);
  });

  it('starts from the shortest wait when an outbox that was idle long is found empty for the first time', () => {
    expect(waitsAfterRows(3, Infinity)).toEqual([2, 4, 8]);
  });

  it('never waits longer than the poll interval, even when the shortest wait is configured above it', () => {
    expect(idleWaitMs({ minPollIntervalMs: 500, pollIntervalMs: 100, busyWindowMs: 250 }, 0, 0)).toBe(100);
  });
});
