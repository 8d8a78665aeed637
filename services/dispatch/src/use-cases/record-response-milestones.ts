import type { AnyTypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import type { MilestoneChange, ResponseMilestoneStore } from '../db/response-milestone-store';
import { newlyCompletedIntervals } from '../domain/response-times';
import type { IntervalObservation } from '../metrics/response-interval-metrics';

/**
 * Folds one occurrence or dispatch event into the occurrence's response
 * milestones and returns the intervals it completed for the first time.
 * A dispatch reaches a milestone at its `createdAt` (assigned) or its
 * `updatedAt` (the status change to en route or on scene).
 */
export async function recordResponseMilestones(
  milestones: ResponseMilestoneStore,
  tx: SqlExecutor,
  message: AnyTypedEnvelope,
): Promise<IntervalObservation[]> {
  const change = await changeOf(milestones, tx, message);
  if (!change) return [];
  const { agencyId, type, priority } = change.after;
  return newlyCompletedIntervals(change.before, change.after).map((completed) => ({ ...completed, agencyId, type, priority }));
}

async function changeOf(milestones: ResponseMilestoneStore, tx: SqlExecutor, message: AnyTypedEnvelope): Promise<MilestoneChange | null> {
  switch (message.type) {
    case 'occurrence.created':
    case 'occurrence.updated':
    case 'occurrence.started':
    case 'occurrence.resolved':
    case 'occurrence.cancelled':
      return milestones.recordOccurrence(tx, message.data.occurrence);
    case 'dispatch.assigned':
      return milestones.recordDispatch(tx, message.data.dispatch, 'firstAssignedAt', message.data.dispatch.createdAt);
    case 'dispatch.status_changed': {
      const { dispatch } = message.data;
      if (dispatch.status === 'en_route') return milestones.recordDispatch(tx, dispatch, 'firstEnRouteAt', dispatch.updatedAt);
      if (dispatch.status === 'on_scene') return milestones.recordDispatch(tx, dispatch, 'firstOnSceneAt', dispatch.updatedAt);
      return null;
    }
    default:
      return null;
  }
}
