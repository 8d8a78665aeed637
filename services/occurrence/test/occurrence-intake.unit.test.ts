import type { OccurrenceIntake } from '@atalaia/contracts';
import { decideIntake, type ExistingOccurrence } from '../src/domain/occurrence-intake';

const intake: OccurrenceIntake = {
  externalId: 'EXT-2026-000123',
  type: 'incendio_urbano',
  description: 'Incêndio em residência',
  reportedAt: '2026-02-01T14:32:00-03:00',
};

const existing = (overrides: Partial<ExistingOccurrence> = {}): ExistingOccurrence => ({
  type: intake.type,
  description: intake.description,
  reportedAt: new Date(intake.reportedAt),
  status: 'reported',
  ...overrides,
});

describe('occurrence create-or-update rule', () => {
  it('when no occurrence exists for the agency and externalId, then it is created from the report', () => {
    expect(decideIntake(null, intake)).toEqual({
      kind: 'create',
      fields: { type: intake.type, description: intake.description, reportedAt: new Date('2026-02-01T17:32:00Z') },
    });
  });

  it('when the same report arrives again, then nothing changes', () => {
    expect(decideIntake(existing(), intake)).toEqual({ kind: 'unchanged' });
  });

  it('when the same instant is written in another offset, then it is not a change', () => {
    expect(decideIntake(existing(), { ...intake, reportedAt: '2026-02-01T17:32:00Z' })).toEqual({ kind: 'unchanged' });
  });

  it('when fields differ, then it is an update naming exactly the changed fields', () => {
    const decision = decideIntake(existing(), { ...intake, description: 'Fogo controlado', type: 'incendio_florestal' });
    expect(decision).toMatchObject({ kind: 'update', changedFields: ['type', 'description'] });
  });

  it('when the occurrence is resolved or cancelled and the report changes it, then it is rejected', () => {
    for (const status of ['resolved', 'cancelled'] as const) {
      expect(decideIntake(existing({ status }), { ...intake, description: 'late news' })).toMatchObject({
        kind: 'rejected',
        code: 'OCCURRENCE_CLOSED',
      });
    }
  });

  it('when the occurrence is in progress, then updates still apply', () => {
    expect(decideIntake(existing({ status: 'in_progress' }), { ...intake, description: 'x' })).toMatchObject({ kind: 'update' });
  });
});
