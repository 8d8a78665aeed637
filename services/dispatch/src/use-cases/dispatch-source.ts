import type { Topics } from '@atalaia/contracts';
import type { DispatchRepository } from '../db/dispatch-repository';
import type { OccurrenceViewStore } from '../db/occurrence-view-store';
import type { ParkedCommandStore } from '../db/parked-command-store';

export const DISPATCH_SOURCE = 'atalaia.dispatch';

export interface DispatchUseCaseDeps {
  dispatches: DispatchRepository;
  views: OccurrenceViewStore;
  parked: ParkedCommandStore;
  topics: Topics;
  /**
   * How long a dispatch to an occurrence the view has not seen waits, parked,
   * for it before failing, counted from when it was parked; 0 fails it at once.
   */
  occurrenceViewGraceMs: number;
}
