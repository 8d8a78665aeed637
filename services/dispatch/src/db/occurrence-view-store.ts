import type { OccurrenceSnapshot } from '@atalaia/contracts';
import type { DispatchPrisma, DispatchTransaction } from './prisma';

/** The dispatch service's access to its occurrence view. */
export class OccurrenceViewStore {
  constructor(private readonly prisma: DispatchPrisma) {}

  /**
   * Applies an occurrence snapshot if it is newer than what the view holds;
   * events for one occurrence arrive in order, but a replayed older one must
   * never roll the view back.
   */
  async apply(tx: DispatchTransaction, occurrence: OccurrenceSnapshot): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO occurrence_views (occurrence_id, agency_id, status, version, updated_at)
      VALUES (${occurrence.id}::uuid, ${occurrence.agencyId}, ${occurrence.status}, ${occurrence.version}, now())
      ON CONFLICT (occurrence_id) DO UPDATE
        SET status = EXCLUDED.status, version = EXCLUDED.version, updated_at = now()
        WHERE occurrence_views.version < EXCLUDED.version`;
  }

  async find(occurrenceId: string) {
    return this.prisma.occurrenceView.findUnique({ where: { occurrenceId } });
  }
}
