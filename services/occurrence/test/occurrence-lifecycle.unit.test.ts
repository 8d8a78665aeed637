import { decideLifecycle, type LifecycleAction } from '../src/domain/occurrence-lifecycle';

describe('occurrence state machine', () => {
  it.each([
    ['reported', 'start', 'in_progress'],
    ['reported', 'cancel', 'cancelled'],
    ['in_progress', 'resolve', 'resolved'],
    ['in_progress', 'cancel', 'cancelled'],
  ] as const)('when %s receives %s, then it becomes %s', (from, action, to) => {
    expect(decideLifecycle(from, action)).toEqual({ ok: true, to });
  });

  it.each([
    ['reported', 'resolve', 'OCCURRENCE_NOT_STARTED'],
    ['in_progress', 'start', 'OCCURRENCE_ALREADY_IN_PROGRESS'],
    ['resolved', 'start', 'OCCURRENCE_ALREADY_RESOLVED'],
    ['resolved', 'resolve', 'OCCURRENCE_ALREADY_RESOLVED'],
    ['resolved', 'cancel', 'OCCURRENCE_ALREADY_RESOLVED'],
    ['cancelled', 'start', 'OCCURRENCE_ALREADY_CANCELLED'],
    ['cancelled', 'resolve', 'OCCURRENCE_ALREADY_CANCELLED'],
    ['cancelled', 'cancel', 'OCCURRENCE_ALREADY_CANCELLED'],
  ] as const)('when %s receives %s, then it is refused with %s', (from, action, code) => {
    const decision = decideLifecycle(from, action as LifecycleAction);
    expect(decision).toMatchObject({ ok: false, code });
    expect(!decision.ok && decision.detail).toContain(action);
  });
});
