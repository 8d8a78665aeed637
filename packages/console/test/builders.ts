import type { Permission, Role } from '../src/domain/permissions';
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

/** An API-key session, with the permissions the gateway derives from its scopes. */
export function aSession(overrides: Partial<Session['client']> = {}, jaegerUrl: string | null = null): Session {
  return {
    client: {
      id: 'client-1',
      agencyId: 'cbm-se',
      scopes: ['read', 'occurrences:write', 'dispatches:write', 'units:write', 'audit:read'],
      permissions: ['occurrences:report', 'occurrences:progress', 'occurrences:cancel', 'dispatches:write', 'units:status', 'units:manage', 'read', 'audit:read', 'audit:verify'],
      crossAgency: false,
      ...overrides,
    },
    expiresAt: '2026-02-01T22:00:00.000Z',
    jaegerUrl,
  };
}

/**
 * What `GET /api/session` lists for each role (packages/contracts `rolePermissions`),
 * written out as the gateway sends it: the console reads permissions, never roles.
 */
export const permissionsServedFor: Record<Role, Permission[]> = {
  call_taker: ['occurrences:report', 'read'],
  dispatcher: ['occurrences:progress', 'dispatches:write', 'units:status', 'read'],
  supervisor: ['occurrences:progress', 'occurrences:cancel', 'dispatches:write', 'units:status', 'read'],
  agency_admin: ['units:manage', 'read', 'users:manage', 'api-clients:manage'],
  auditor: ['read', 'audit:read', 'audit:verify'],
  platform_operator: ['occurrences:report', 'occurrences:progress', 'occurrences:cancel', 'dispatches:write', 'units:status', 'units:manage', 'read', 'audit:read', 'audit:verify', 'users:manage', 'api-clients:manage', 'operations', 'agencies:all'],
};

/** A person's session: no scopes, the permissions of their roles. */
export function aPersonSession(roles: Role[], displayName = 'Maria Souza', secondFactor = false): Session {
  const permissions = [...new Set(roles.flatMap((role) => permissionsServedFor[role]))];
  return aSession({
    id: 'user:7e57ab1e-0000-4000-8000-000000000042',
    scopes: [],
    permissions,
    crossAgency: permissions.includes('agencies:all'),
    person: { userId: '7e57ab1e-0000-4000-8000-000000000042', displayName, roles, secondFactor },
  });
}

export function anAcceptedCommand(overrides: Partial<AcceptedCommand> = {}): AcceptedCommand {
  const commandId = nextId();
  return { commandId, type: 'occurrence.start', status: 'pending', location: `/api/commands/${commandId}`, acceptedAt: '2026-02-01T10:06:00.000Z', ...overrides };
}
