import { availableDispatchActions, availableOccurrenceActions, isOpenOccurrence, resourceCodePattern, type DispatchAction, type OccurrenceAction } from '../src/domain/available-actions';
import type { DispatchStatus, OccurrenceStatus } from '../src/domain/types';

// The README's "State machines" tables: each cell is offered exactly when it is a transition (→), not an error code.
const occurrenceTable: Record<OccurrenceStatus, Record<Exclude<OccurrenceAction, 'dispatch'>, string>> = {
  reported: { start: '→ in_progress', resolve: 'OCCURRENCE_NOT_STARTED', cancel: '→ cancelled' },
  in_progress: { start: 'OCCURRENCE_ALREADY_IN_PROGRESS', resolve: '→ resolved', cancel: '→ cancelled' },
  resolved: { start: 'OCCURRENCE_ALREADY_RESOLVED', resolve: 'OCCURRENCE_ALREADY_RESOLVED', cancel: 'OCCURRENCE_ALREADY_RESOLVED' },
  cancelled: { start: 'OCCURRENCE_ALREADY_CANCELLED', resolve: 'OCCURRENCE_ALREADY_CANCELLED', cancel: 'OCCURRENCE_ALREADY_CANCELLED' },
};

const dispatchTable: Record<DispatchStatus, Record<DispatchAction, string>> = {
  assigned: { en_route: '→ en_route', on_scene: '→ on_scene', close: '→ closed' },
  en_route: { en_route: 'DISPATCH_ALREADY_IN_STATUS', on_scene: '→ on_scene', close: '→ closed' },
  on_scene: { en_route: 'INVALID_DISPATCH_TRANSITION', on_scene: 'DISPATCH_ALREADY_IN_STATUS', close: '→ closed' },
  closed: { en_route: 'DISPATCH_ALREADY_CLOSED', on_scene: 'DISPATCH_ALREADY_CLOSED', close: 'DISPATCH_ALREADY_CLOSED' },
};

const occurrenceCells = Object.entries(occurrenceTable).flatMap(([status, row]) =>
  Object.entries(row).map(([action, outcome]) => [status as OccurrenceStatus, action as OccurrenceAction, outcome] as const),
);
const dispatchCells = Object.entries(dispatchTable).flatMap(([status, row]) =>
  Object.entries(row).map(([action, outcome]) => [status as DispatchStatus, action as DispatchAction, outcome] as const),
);

describe('available occurrence actions', () => {
  it.each(occurrenceCells)('when the occurrence is %s, then %s is offered only if the README says %s is a transition', (status, action, outcome) => {
    expect(availableOccurrenceActions(status).includes(action)).toBe(outcome.startsWith('→'));
  });

  it.each([
    ['reported', true],
    ['in_progress', true],
    ['resolved', false],
    ['cancelled', false],
  ] as const)('when the occurrence is %s, then dispatching a unit is offered: %s (OCCURRENCE_NOT_OPEN otherwise)', (status, offered) => {
    expect(availableOccurrenceActions(status).includes('dispatch')).toBe(offered);
    expect(isOpenOccurrence(status)).toBe(offered);
  });
});

describe('available dispatch actions', () => {
  it.each(dispatchCells)('when the dispatch is %s, then %s is offered only if the README says %s is a transition', (status, action, outcome) => {
    expect(availableDispatchActions(status).includes(action)).toBe(outcome.startsWith('→'));
  });
});

describe('resource code pattern', () => {
  it.each(['ABT-12', 'UR-3', 'AUTOBOMBA1', 'A'])('when the code is %s, then it is accepted', (code) => {
    expect(resourceCodePattern.test(code)).toBe(true);
  });

  it.each(['abt-12', '-ABT', 'ABT 12', '', 'A'.repeat(33), 'ABT_12'])('when the code is "%s", then it is refused', (code) => {
    expect(resourceCodePattern.test(code)).toBe(false);
  });
});
