import type { Topics } from '@atalaia/contracts';
import type { DispatchRepository } from '../db/dispatch-repository';
import type { OccurrenceViewStore } from '../db/occurrence-view-store';
import type { ParkedCommandStore } from '../db/parked-command-store';
import type { UnitRepository } from '../db/unit-repository';
import type { UnitKindCatalog } from '../domain/unit-registration';

export const DISPATCH_SOURCE = 'atalaia.dispatch';

export interface DispatchUseCaseDeps {
  dispatches: DispatchRepository;
  units: UnitRepository;
  /** The unit kinds this installation knows: the defaults and `UNIT_KINDS`. */
  unitKinds: UnitKindCatalog;
  views: OccurrenceViewStore;
  parked: ParkedCommandStore;
  topics: Topics;
  /**
   * How long a dispatch to an occurrence the view has not seen waits, parked,
   * for it before failing, counted from when it was parked; 0 fails it at once.
   */
  occurrenceViewGraceMs: number;
}
