import { closeReasonForOccurrence, decideAssignment, decideClose, decideDispatchChange, decideStatusReport, unknownUnit } from '../src/domain/dispatch-lifecycle';

const own = { agencyId: 'agency-a', crossAgency: false };
const stranger = { agencyId: 'agency-b', crossAgency: false };
const operator = { agencyId: 'cbm-ops', crossAgency: true };
const occurrence = (status: 'reported' | 'in_progress' | 'resolved' | 'cancelled') => ({ agencyId: 'agency-a', status });

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

  it('when assigning, then only open, known occurrences accept it', () => {
    expect(decideAssignment(occurrence('reported'), own)).toEqual({ ok: true, value: 'assigned' });
    expect(decideAssignment(occurrence('in_progress'), own)).toEqual({ ok: true, value: 'assigned' });
    expect(decideAssignment(null, own)).toMatchObject({ code: 'OCCURRENCE_NOT_FOUND' });
    expect(decideAssignment(occurrence('resolved'), own)).toMatchObject({ code: 'OCCURRENCE_NOT_OPEN' });
    expect(decideAssignment(occurrence('cancelled'), own)).toMatchObject({ code: 'OCCURRENCE_NOT_OPEN' });
    expect(unknownUnit('ABT-1')).toMatchObject({ ok: false, code: 'UNIT_NOT_FOUND' });
  });

  it("when another agency assigns a unit to an agency's occurrence, then the occurrence does not exist for it, whatever its state", () => {
    expect(decideAssignment(occurrence('reported'), stranger)).toEqual(decideAssignment(null, stranger));
    expect(decideAssignment(occurrence('resolved'), stranger)).toMatchObject({ ok: false, code: 'OCCURRENCE_NOT_FOUND' });
    expect(decideAssignment(occurrence('reported'), null)).toMatchObject({ ok: false, code: 'OCCURRENCE_NOT_FOUND' });
  });

  it('when a cross-agency operator assigns a unit, then any agency\'s open occurrence accepts it', () => {
    expect(decideAssignment(occurrence('reported'), operator)).toEqual({ ok: true, value: 'assigned' });
    expect(decideAssignment(occurrence('cancelled'), operator)).toMatchObject({ code: 'OCCURRENCE_NOT_OPEN' });
  });

  it("when another agency reports on or closes an agency's dispatch, then it is refused exactly like an unknown dispatch", () => {
    const dispatch = { agencyId: 'agency-a', status: 'assigned' as const };
    const unknown = decideDispatchChange(null, 'd-1', stranger, { kind: 'close' });
    expect(unknown).toEqual({ ok: false, code: 'DISPATCH_NOT_FOUND', detail: 'dispatch d-1 does not exist' });
    expect(decideDispatchChange(dispatch, 'd-1', stranger, { kind: 'close' })).toEqual(unknown);
    expect(decideDispatchChange(dispatch, 'd-1', stranger, { kind: 'report', status: 'en_route' })).toEqual(unknown);
    expect(decideDispatchChange(dispatch, 'd-1', null, { kind: 'close' })).toEqual(unknown);
  });

  it('when the owning agency or a cross-agency operator changes a dispatch, then the state machine decides', () => {
    const dispatch = { agencyId: 'agency-a', status: 'en_route' as const };
    expect(decideDispatchChange(dispatch, 'd-1', own, { kind: 'report', status: 'on_scene' })).toEqual({ ok: true, value: 'on_scene' });
    expect(decideDispatchChange(dispatch, 'd-1', operator, { kind: 'close' })).toEqual({ ok: true, value: 'closed' });
    expect(decideDispatchChange(dispatch, 'd-1', operator, { kind: 'report', status: 'en_route' })).toMatchObject({ code: 'DISPATCH_ALREADY_IN_STATUS' });
  });

  it('when an occurrence resolves or is cancelled, then its open dispatches close with that reason', () => {
    expect(closeReasonForOccurrence('resolved')).toBe('occurrence_resolved');
    expect(closeReasonForOccurrence('cancelled')).toBe('occurrence_cancelled');
    expect(closeReasonForOccurrence('in_progress')).toBeNull();
  });
});
