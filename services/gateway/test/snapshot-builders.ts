import { randomUUID } from 'node:crypto';
import type { DispatchSnapshot, OccurrenceSnapshot } from '@atalaia/contracts';

const at = '2026-02-01T14:32:00.000Z';

/** A just-reported occurrence of `agencyId`, as occurrence events carry it. */
export const occurrenceSnapshot = (agencyId: string, externalId = 'X-1'): OccurrenceSnapshot => ({
  id: randomUUID(),
  agencyId,
  externalId,
  type: 'incendio_urbano',
  description: 'Fogo',
  status: 'reported',
  reportedAt: at,
  acceptedAt: at,
  location: null,
  priority: null,
  statusReason: null,
  startedAt: null,
  closedAt: null,
  version: 1,
  createdAt: at,
  updatedAt: at,
});

/** A just-assigned dispatch of `agencyId`, as dispatch events carry it. */
export const dispatchSnapshot = (agencyId: string): DispatchSnapshot => ({
  id: randomUUID(),
  occurrenceId: randomUUID(),
  agencyId,
  unitId: randomUUID(),
  resourceCode: 'ABT-12',
  status: 'assigned',
  note: 'sigilo',
  closeReason: null,
  version: 1,
  createdAt: at,
  updatedAt: at,
  closedAt: null,
});
