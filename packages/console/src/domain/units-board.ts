import { unitStatuses, type Dispatch, type Unit, type UnitStatus, type UnitView } from './types';

const onAJob: readonly UnitStatus[] = ['assigned', 'en_route', 'on_scene'];

/** Whether a unit in `status` holds a dispatch (assigned, en route, on scene). */
export const isOnAJob = (status: UnitStatus) => onAJob.includes(status);

/** Whether a unit in `status` may be sent on a job (it also needs no open dispatch, which the dispatch service decides). */
export const isDispatchable = (status: UnitStatus) => status === 'available' || status === 'returning';

const byTimeInStatus = (a: UnitView, b: UnitView) => Date.parse(a.statusSince) - Date.parse(b.statusSince) || a.code.localeCompare(b.code);

/** Every unit under its status, the longest in it first (the one most likely to need a call), ties by code. */
export function groupUnitsByStatus(units: readonly UnitView[]): Record<UnitStatus, UnitView[]> {
  const groups = Object.fromEntries(unitStatuses.map((status) => [status, [] as UnitView[]])) as Record<UnitStatus, UnitView[]>;
  for (const unit of units) groups[unit.status].push(unit);
  for (const status of unitStatuses) groups[status].sort(byTimeInStatus);
  return groups;
}

/**
 * A unit snapshot from the live stream applied to the board: replaces the
 * unit when newer (a late or replayed event is ignored), adds a new one,
 * removes a retired one. The snapshot does not name the job; the job is
 * kept while the unit is on one, and the dispatch events fill it in.
 */
export function applyUnitSnapshot(units: readonly UnitView[], snapshot: Unit): UnitView[] {
  const known = units.find((unit) => unit.id === snapshot.id);
  if (known && snapshot.version <= known.version) return [...units];
  if (snapshot.retiredAt) return units.filter((unit) => unit.id !== snapshot.id);
  const view: UnitView = { ...snapshot, currentDispatch: isOnAJob(snapshot.status) ? (known?.currentDispatch ?? null) : null };
  return known ? units.map((unit) => (unit.id === snapshot.id ? view : unit)) : [...units, view];
}

/**
 * A dispatch from the live stream applied to its unit's job: an open dispatch
 * becomes the unit's current one, its closing clears it. Unit and dispatch
 * events come on different topics, in either order; each sets only its part.
 */
export function applyDispatchToUnits(units: readonly UnitView[], dispatch: Dispatch): UnitView[] {
  const { unitId, occurrenceId } = dispatch;
  if (!unitId || !occurrenceId) return [...units];
  return units.map((unit) => {
    if (unit.id !== unitId) return unit;
    if (dispatch.status !== 'closed') return { ...unit, currentDispatch: { id: dispatch.id, occurrenceId, status: dispatch.status } };
    return unit.currentDispatch?.id === dispatch.id ? { ...unit, currentDispatch: null } : unit;
  });
}
