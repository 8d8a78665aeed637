import type { OccurrenceIntake, OccurrenceStatus } from '@atalaia/contracts';

/** The fields an integration may set; the rest of the occurrence is the platform's. */
export interface IntakeFields {
  type: string;
  description: string;
  reportedAt: Date;
}

export interface ExistingOccurrence extends IntakeFields {
  status: OccurrenceStatus;
}

export type IntakeDecision =
  | { kind: 'create'; fields: IntakeFields }
  | { kind: 'update'; fields: IntakeFields; changedFields: Array<keyof IntakeFields> }
  | { kind: 'unchanged' }
  | { kind: 'rejected'; code: 'OCCURRENCE_CLOSED'; detail: string };

const closedStatuses: ReadonlySet<OccurrenceStatus> = new Set(['resolved', 'cancelled']);

/**
 * Create-or-update from an integration, keyed by agency + externalId: the first
 * report creates the occurrence; a later one updates what changed. A closed
 * occurrence keeps its record as it was closed: changes to it are refused.
 */
export function decideIntake(existing: ExistingOccurrence | null, intake: OccurrenceIntake): IntakeDecision {
  const fields: IntakeFields = {
    type: intake.type,
    description: intake.description,
    reportedAt: new Date(intake.reportedAt),
  };
  if (!existing) return { kind: 'create', fields };
  const changedFields = (['type', 'description', 'reportedAt'] as const).filter((name) =>
    name === 'reportedAt' ? existing.reportedAt.getTime() !== fields.reportedAt.getTime() : existing[name] !== fields[name],
  );
  if (changedFields.length === 0) return { kind: 'unchanged' };
  if (closedStatuses.has(existing.status)) {
    return { kind: 'rejected', code: 'OCCURRENCE_CLOSED', detail: `the occurrence is ${existing.status} and can no longer change` };
  }
  return { kind: 'update', fields, changedFields };
}
