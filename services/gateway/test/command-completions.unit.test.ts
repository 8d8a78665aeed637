import { CommandCompletions } from '../src/domain/command-completions';

describe('command completions (reads waiting for a command to settle)', () => {
  it('when the command\'s result is seen, then every waiter for it resolves true and the others keep waiting', async () => {
    const completions = new CommandCompletions();
    const first = completions.wait('a', 10_000);
    const second = completions.wait('a', 10_000);
    let otherDone = false;
    const other = completions.wait('b', 10_000).then((seen) => ((otherDone = true), seen));

    completions.notify('a');

    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(otherDone).toBe(false);
    expect(completions.waiting).toBe(true);
    completions.notify('b');
    await expect(other).resolves.toBe(true);
    expect(completions.waiting).toBe(false);
  });

  it('when nothing is seen before the timeout, then the waiter resolves false and is forgotten', async () => {
    const completions = new CommandCompletions();
    await expect(completions.wait('a', 5)).resolves.toBe(false);
    expect(completions.waiting).toBe(false);
  });

  it('when the instance closes, then waiters are released at once and later waits do not wait', async () => {
    const completions = new CommandCompletions();
    const waiting = completions.wait('a', 60_000);
    completions.close();
    await expect(waiting).resolves.toBe(false);
    await expect(completions.wait('b', 60_000)).resolves.toBe(false);
  });
});
