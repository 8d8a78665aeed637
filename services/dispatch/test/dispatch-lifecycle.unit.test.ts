import { closeReasonForOccurrence, decideAssignment, decideClose, decideStatusReport } from '../src/domain/dispatch-lifecycle';

describe('dispatch state machine', () => {
  it.each([
    ['assigned', 'en_route'],
    ['assigned', 'on_scene'],
    ['en_route', 'on_scene'],
  ] as const)('when %s reports %s, then it moves forward', (from, to) => {
    expect(decideStatusReport(from, to)).toEqual({ ok: true, value: to });
  });

  it.each([
    ['on_scene', 'en_route', 'INVALID_DISPATCH_TRANSITION'],
    ['en_route', 'en_route', 'DISPATCH_ALREADY_IN_STATUS'],
    ['on_scene', 'on_scene', 'DISPATCH_ALREADY_IN_STATUS'],
    ['closed', 'en_route', 'DISPATCH_ALREADY_CLOSED'],
    ['closed', 'on_scene', 'DISPATCH_ALREADY_CLOSED'],
  ] as const)('when %s reports %s, then it is refused with %s', (from, to, code) => {
    expect(decideStatusReport(from, to)).toMatchObject({ ok: false, code });
  });

  it('when an open dispatch is closed, then it closes; a closed one is refused', () => {
    for (const from of ['assigned', 'en_route', 'on_scene'] as const) expect(decideClose(from)).toEqual({ ok: true, value: 'closed' });
    expect(decideClose('closed')).toMatchObject({ ok: false, code: 'DISPATCH_ALREADY_CLOSED' });
  });

  it('when assigning, then only open, known occurrences without that unit active accept it', () => {
    expect(decideAssignment('reported', false)).toEqual({ ok: true, value: 'assigned' });
    expect(decideAssignment('in_progress', false)).toEqual({ ok: true, value: 'assigned' });
    expect(decideAssignment(null, false)).toMatchObject({ code: 'OCCURRENCE_NOT_FOUND' });
    expect(decideAssignment('resolved', false)).toMatchObject({ code: 'OCCURRENCE_NOT_OPEN' });
    expect(decideAssignment('cancelled', false)).toMatchObject({ code: 'OCCURRENCE_NOT_OPEN' });
    expect(decideAssignment('reported', true)).toMatchObject({ code: 'DISPATCH_ALREADY_ACTIVE' });
  });

  it('when an occurrence resolves or is cancelled, then its open dispatches close with that reason', () => {
    expect(closeReasonForOccurrence('resolved')).toBe('occurrence_resolved');
    expect(closeReasonForOccurrence('cancelled')).toBe('occurrence_cancelled');
    expect(closeReasonForOccurrence('in_progress')).toBeNull();
  });
});
