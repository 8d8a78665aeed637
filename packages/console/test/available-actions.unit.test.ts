import {
  availableDispatchActions,
  availableOccurrenceActions,
  availableUnitActions,
  dispatchActionPermissions,
  isOpenOccurrence,
  occurrenceActionPermissions,
  permittedActions,
  unitActionPermissions,
  type DispatchAction,
  type OccurrenceAction,
  type UnitAction,
} from '../src/domain/available-actions';
import { roles, type Role } from '../src/domain/permissions';
import type { DispatchStatus, OccurrenceStatus, UnitStatus } from '../src/domain/types';
import { permissionsServedFor } from './builders';

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

// The README's units table, the operator's two columns.
const unitTable: Record<UnitStatus, Record<UnitAction, string>> = {
  available: { out_of_service: '→ out_of_service', in_service: 'UNIT_ALREADY_IN_STATUS' },
  assigned: { out_of_service: 'UNIT_BUSY', in_service: 'UNIT_BUSY' },
  en_route: { out_of_service: 'UNIT_BUSY', in_service: 'UNIT_BUSY' },
  on_scene: { out_of_service: 'UNIT_BUSY', in_service: 'UNIT_BUSY' },
  returning: { out_of_service: '→ out_of_service', in_service: '→ available' },
  out_of_service: { out_of_service: 'UNIT_ALREADY_IN_STATUS', in_service: '→ available' },
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

const unitCells = Object.entries(unitTable).flatMap(([status, row]) =>
  Object.entries(row).map(([action, outcome]) => [status as UnitStatus, action as UnitAction, outcome] as const),
);

describe('available unit actions', () => {
  it.each(unitCells)('when the unit is %s, then %s is offered only if the README says %s is a transition', (status, action, outcome) => {
    expect(availableUnitActions(status).includes(action)).toBe(outcome.startsWith('→'));
  });
});

// What each role is offered when the state machine allows everything (the role table): ✓ offered, · not.
type AnyAction = OccurrenceAction | `dispatch:${DispatchAction}` | `unit:${UnitAction}`;
const roleTable: Record<Role, string> = {
  //                  start resolve cancel dispatch | en_route on_scene close | out_of_service in_service
  call_taker:        '  ·     ·       ·      ·     |    ·        ·       ·   |       ·              ·',
  dispatcher:        '  ✓     ✓       ·      ✓     |    ✓        ✓       ✓   |       ✓              ✓',
  supervisor:        '  ✓     ✓       ✓      ✓     |    ✓        ✓       ✓   |       ✓              ✓',
  agency_admin:      '  ·     ·       ·      ·     |    ·        ·       ·   |       ·              ·',
  auditor:           '  ·     ·       ·      ·     |    ·        ·       ·   |       ·              ·',
  platform_operator: '  ✓     ✓       ✓      ✓     |    ✓        ✓       ✓   |       ✓              ✓',
};
const tableActions: AnyAction[] = ['start', 'resolve', 'cancel', 'dispatch', 'dispatch:en_route', 'dispatch:on_scene', 'dispatch:close', 'unit:out_of_service', 'unit:in_service'];

function offeredTo(role: Role): AnyAction[] {
  const held = permissionsServedFor[role];
  return [
    ...permittedActions(['start', 'resolve', 'cancel', 'dispatch'] as const, occurrenceActionPermissions, held),
    ...permittedActions(['en_route', 'on_scene', 'close'] as const, dispatchActionPermissions, held).map((action) => `dispatch:${action}` as const),
    ...permittedActions(['out_of_service', 'in_service'] as const, unitActionPermissions, held).map((action) => `unit:${action}` as const),
  ];
}

describe('actions by permission', () => {
  it.each(roles.map((role) => [role]))('when the person signed in is a %s, then exactly the actions of the role table are offered', (role) => {
    const marks = roleTable[role].replace(/[|\s]/g, '');
    const expected = tableActions.filter((_, index) => marks[index] === '✓');
    expect(offeredTo(role)).toEqual(expected);
  });

  it('when the state machine and the permissions both narrow, then only what both allow is offered, in the machine\'s order', () => {
    expect(permittedActions(availableOccurrenceActions('in_progress'), occurrenceActionPermissions, permissionsServedFor.dispatcher)).toEqual(['resolve', 'dispatch']);
    expect(permittedActions(availableOccurrenceActions('reported'), occurrenceActionPermissions, ['read', 'occurrences:cancel'])).toEqual(['cancel']);
  });

  it('when the session holds nothing but read, then nothing is offered', () => {
    expect(permittedActions(availableDispatchActions('assigned'), dispatchActionPermissions, ['read'])).toEqual([]);
    expect(permittedActions(availableUnitActions('returning'), unitActionPermissions, ['read'])).toEqual([]);
  });
});
