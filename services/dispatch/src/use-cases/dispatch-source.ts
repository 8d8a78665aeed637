import type { Topics } from '@atalaia/contracts';
import type { DispatchRepository } from '../db/dispatch-repository';
import type { OccurrenceViewStore } from '../db/occurrence-view-store';
import type { FirstSeenClock } from '../domain/first-seen-clock';

export const DISPATCH_SOURCE = 'atalaia.dispatch';

export interface DispatchUseCaseDeps {
  dispatches: DispatchRepository;
  views: OccurrenceViewStore;
  topics: Topics;
  /** How long a dispatch to an occurrence the view has not seen yet waits for it before failing. */
  occurrenceViewGraceMs: number;
  /** When this service first tried each dispatch still waiting for its occurrence; the grace counts from there. */
  firstSeen: FirstSeenClock;
}
