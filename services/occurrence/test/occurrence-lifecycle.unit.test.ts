import { decideLifecycle, decideLifecycleCommand, type LifecycleAction } from '../src/domain/occurrence-lifecycle';

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

  describe('who may act on an occurrence', () => {
    const occurrence = { id: 'o-1', agencyId: 'agency-a', status: 'reported' as const };
    const unknown = decideLifecycleCommand(null, 'o-1', { agencyId: 'agency-a', crossAgency: false }, 'start');

    it('when the id is unknown, then the command is refused with OCCURRENCE_NOT_FOUND', () => {
      expect(unknown).toEqual({ ok: false, code: 'OCCURRENCE_NOT_FOUND', detail: 'occurrence o-1 does not exist' });
    });

    it.each(['start', 'resolve', 'cancel'] as const)(
      'when another agency sends %s, then it is refused exactly like an unknown id',
      (action) => {
        expect(decideLifecycleCommand(occurrence, 'o-1', { agencyId: 'agency-b', crossAgency: false }, action)).toEqual(unknown);
      },
    );

    it('when the command carries no actor, then nobody owns it and it is refused like an unknown id', () => {
      expect(decideLifecycleCommand(occurrence, 'o-1', null, 'start')).toEqual(unknown);
    });

    it('when the owning agency or a cross-agency operator acts, then the state machine decides', () => {
      expect(decideLifecycleCommand(occurrence, 'o-1', { agencyId: 'agency-a', crossAgency: false }, 'start')).toEqual({ ok: true, to: 'in_progress' });
      expect(decideLifecycleCommand(occurrence, 'o-1', { agencyId: 'cbm-ops', crossAgency: true }, 'cancel')).toEqual({ ok: true, to: 'cancelled' });
      expect(decideLifecycleCommand(occurrence, 'o-1', { agencyId: 'cbm-ops', crossAgency: true }, 'resolve')).toMatchObject({
        ok: false,
        code: 'OCCURRENCE_NOT_STARTED',
      });
    });
  });
});
