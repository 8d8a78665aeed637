import { CommandTracker } from '../src/api/command-tracker';
import { pollDelayMs } from '../src/domain/command-polling';
import type { Command } from '../src/domain/types';
import { anAcceptedCommand } from './builders';

function manualTimers() {
  const scheduled: { callback: () => void; ms: number }[] = [];
  return {
    scheduled,
    setTimer: (callback: () => void, ms: number) => scheduled.push({ callback, ms }),
    clearTimer: () => undefined,
    runNext: () => scheduled.shift()?.callback(),
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('command tracker', () => {
  it('when a command is accepted, then it is pending', () => {
    const tracker = new CommandTracker({ fetchCommand: jest.fn(), ...manualTimers() });
    const accepted = anAcceptedCommand();
    tracker.track(accepted, { occurrenceId: 'o-1' });
    expect(tracker.get(accepted.commandId)).toMatchObject({ status: 'pending', occurrenceId: 'o-1' });
  });

  it('when the live stream reports the command failed, then it is failed with its error and polling stops', () => {
    const timers = manualTimers();
    const fetchCommand = jest.fn();
    const tracker = new CommandTracker({ fetchCommand, ...timers });
    const accepted = anAcceptedCommand();
    tracker.track(accepted);
    tracker.settle({ commandId: accepted.commandId, status: 'failed', commandType: 'occurrence.start', error: { code: 'OCCURRENCE_ALREADY_IN_PROGRESS' } });
    timers.runNext();
    expect(tracker.get(accepted.commandId)).toMatchObject({ status: 'failed', error: { code: 'OCCURRENCE_ALREADY_IN_PROGRESS' } });
    expect(fetchCommand).not.toHaveBeenCalled();
  });

  it('when no event arrives, then it polls with growing delays until the command settles', async () => {
    const timers = manualTimers();
    const accepted = anAcceptedCommand();
    const answers: Command['status'][] = ['pending', 'pending', 'processed'];
    const fetchCommand = jest.fn(async () => ({ ...accepted, status: answers.shift() ?? 'processed', result: { occurrenceId: 'o-1' } }) as Command);
    const tracker = new CommandTracker({ fetchCommand, ...timers });
    tracker.track(accepted);
    const delays: number[] = [];
    while (timers.scheduled.length > 0) {
      delays.push(timers.scheduled[0]?.ms ?? -1);
      timers.runNext();
      await flush();
    }
    expect(delays).toEqual([pollDelayMs(0), pollDelayMs(1), pollDelayMs(2)]);
    expect(delays[1]).toBeGreaterThan(delays[0] as number);
    expect(tracker.get(accepted.commandId)).toMatchObject({ status: 'processed', result: { occurrenceId: 'o-1' } });
  });

  it('when a poll fails (offline), then it keeps polling', async () => {
    const timers = manualTimers();
    const accepted = anAcceptedCommand();
    const fetchCommand = jest.fn().mockRejectedValueOnce(new TypeError('offline')).mockResolvedValue({ ...accepted, status: 'processed' });
    const tracker = new CommandTracker({ fetchCommand, ...timers });
    tracker.track(accepted);
    timers.runNext();
    await flush();
    timers.runNext();
    await flush();
    expect(tracker.get(accepted.commandId)?.status).toBe('processed');
  });

  it('when a report settles, then the occurrence its result names becomes what the command is about', () => {
    const tracker = new CommandTracker({ fetchCommand: jest.fn(), ...manualTimers() });
    const accepted = anAcceptedCommand({ type: 'occurrence.create_or_update' });
    tracker.track(accepted, { subject: 'CALL-1' });
    tracker.settle({ commandId: accepted.commandId, status: 'processed', commandType: 'occurrence.create_or_update', result: { occurrenceId: 'o-9' } });
    expect(tracker.get(accepted.commandId)).toMatchObject({ status: 'processed', occurrenceId: 'o-9', subject: 'CALL-1' });
  });

  it('when the command already names its occurrence, then a result does not change it', () => {
    const tracker = new CommandTracker({ fetchCommand: jest.fn(), ...manualTimers() });
    const accepted = anAcceptedCommand({ type: 'dispatch.create' });
    tracker.track(accepted, { occurrenceId: 'o-1' });
    tracker.settle({ commandId: accepted.commandId, status: 'processed', commandType: 'dispatch.create', result: { occurrenceId: 'o-2', dispatchId: 'd-1' } });
    expect(tracker.get(accepted.commandId)?.occurrenceId).toBe('o-1');
  });

  it('when the same command is tracked twice (a replayed key), then it is listed once', () => {
    const tracker = new CommandTracker({ fetchCommand: jest.fn(), ...manualTimers() });
    const accepted = anAcceptedCommand();
    tracker.track(accepted);
    tracker.track(accepted);
    expect(tracker.list()).toHaveLength(1);
  });

  it('when the backoff grows, then it is capped', () => {
    expect(pollDelayMs(0)).toBe(1000);
    expect(pollDelayMs(3)).toBe(8000);
    expect(pollDelayMs(20)).toBe(15000);
  });
});
