import type { AcceptedCommand, Dispatch, Occurrence, OccurrenceDetail, Session, UnitView } from '../src/domain/types';

let sequence = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

export function anOccurrence(overrides: Partial<Occurrence> = {}): Occurrence {
  return {
    id: nextId(),
    agencyId: 'cbm-se',
    externalId: `CIOPS-${sequence}`,
    type: 'incendio_urbano',
    description: 'Fumaça em residência',
    status: 'reported',
    statusReason: null,
    reportedAt: '2026-02-01T10:00:00.000Z',
    startedAt: null,
    closedAt: null,
    createdAt: '2026-02-01T10:00:01.000Z',
    updatedAt: '2026-02-01T10:00:01.000Z',
    ...overrides,
  };
}

export function anOccurrenceDetail(overrides: Partial<OccurrenceDetail> = {}): OccurrenceDetail {
  return { ...anOccurrence(overrides), dispatches: [], ...overrides };
}

export function aDispatch(overrides: Partial<Dispatch> = {}): Dispatch {
  return {
    id: nextId(),
    occurrenceId: nextId(),
    agencyId: 'cbm-se',
    resourceCode: 'ABT-12',
    status: 'assigned',
    createdAt: '2026-02-01T10:05:00.000Z',
    updatedAt: '2026-02-01T10:05:00.000Z',
    closedAt: null,
    ...overrides,
  };
}

export function aUnit(overrides: Partial<UnitView> = {}): UnitView {
  return {
    id: nextId(),
    agencyId: 'cbm-se',
    code: `ABT-${sequence}`,
    kind: 'ABT',
    name: null,
    station: { name: 'Quartel Central', latitude: -10.9111, longitude: -37.0717 },
    capabilities: [],
    crewSize: 4,
    status: 'available',
    statusReason: null,
    statusSince: '2026-02-01T08:00:00.000Z',
    retiredAt: null,
    version: 1,
    createdAt: '2026-02-01T08:00:00.000Z',
    updatedAt: '2026-02-01T08:00:00.000Z',
    currentDispatch: null,
    ...overrides,
  };
}

export function aSession(overrides: Partial<Session['client']> = {}, jaegerUrl: string | null = null): Session {
  return {
    client: { id: 'client-1', agencyId: 'cbm-se', scopes: ['read', 'occurrences:write', 'dispatches:write', 'audit:read'], crossAgency: false, ...overrides },
    expiresAt: '2026-02-01T22:00:00.000Z',
    jaegerUrl,
  };
}

export function anAcceptedCommand(overrides: Partial<AcceptedCommand> = {}): AcceptedCommand {
  const commandId = nextId();
  return { commandId, type: 'occurrence.start', status: 'pending', location: `/api/commands/${commandId}`, acceptedAt: '2026-02-01T10:06:00.000Z', ...overrides };
}
