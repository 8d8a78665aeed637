import { activeDispatchStatuses, type ActiveDispatchStatus, type Dispatch } from './types';

/** Active dispatches per status, the longest in its status first (the unit most likely to need a call). */
export function groupByStatus(dispatches: readonly Dispatch[]): Record<ActiveDispatchStatus, Dispatch[]> {
  const groups: Record<ActiveDispatchStatus, Dispatch[]> = { assigned: [], en_route: [], on_scene: [] };
  for (const dispatch of dispatches) {
    if (dispatch.status !== 'closed') groups[dispatch.status].push(dispatch);
  }
  for (const status of activeDispatchStatuses) groups[status].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
  return groups;
}

/** A live dispatch snapshot applied to the active list: replaced, added, or removed once closed. */
export function applyDispatchSnapshot(dispatches: readonly Dispatch[], snapshot: Dispatch): Dispatch[] {
  const others = dispatches.filter((dispatch) => dispatch.id !== snapshot.id);
  return snapshot.status === 'closed' ? others : [snapshot, ...others];
}
