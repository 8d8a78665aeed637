import { canAccessAgency, type AgencyAccess, type AnyTypedEnvelope, type DispatchSnapshot } from '@atalaia/contracts';

/**
 * What the live stream carries, with who may receive it and its `data:` JSON
 * serialized once, however many subscribers it reaches.
 */
export type LiveEvent =
  | { name: 'occurrence'; ownerAgencyId: string; data: string }
  | { name: 'dispatch'; ownerAgencyId: string; data: string }
  | { name: 'unit'; ownerAgencyId: string; data: string }
  | { name: 'command'; clientId: string; data: string };

/** Who is listening: occurrence, dispatch and unit events follow agency access, command events their sender. */
export interface StreamViewer {
  clientId: string;
  access: AgencyAccess;
}

// The note may hold what only the detail's readers should see; the unit id lets a units board follow its units' jobs.
const dispatchView = ({ id, occurrenceId, agencyId, unitId, resourceCode, status, createdAt, updatedAt, closedAt }: DispatchSnapshot) => ({
  id,
  occurrenceId,
  agencyId,
  unitId,
  resourceCode,
  status,
  createdAt,
  updatedAt,
  closedAt,
});

/** The live event a Kafka message becomes, or null for messages the stream does not carry (commands, audit entries, results without a sender). */
export function liveEventOf(message: AnyTypedEnvelope): LiveEvent | null {
  switch (message.type) {
    case 'occurrence.created':
    case 'occurrence.updated':
    case 'occurrence.started':
    case 'occurrence.resolved':
    case 'occurrence.cancelled': {
      const { occurrence } = message.data;
      return { name: 'occurrence', ownerAgencyId: occurrence.agencyId, data: JSON.stringify({ type: message.type, occurrence }) };
    }
    case 'dispatch.assigned':
    case 'dispatch.status_changed':
    case 'dispatch.closed': {
      const { dispatch } = message.data;
      return { name: 'dispatch', ownerAgencyId: dispatch.agencyId, data: JSON.stringify({ type: message.type, dispatch: dispatchView(dispatch) }) };
    }
    case 'unit.registered':
    case 'unit.updated':
    case 'unit.retired':
    case 'unit.status_changed': {
      const { unit } = message.data;
      return { name: 'unit', ownerAgencyId: unit.agencyId, data: JSON.stringify({ type: message.type, unit }) };
    }
    case 'command.processed':
    case 'command.failed': {
      const clientId = message.actor?.clientId;
      if (!clientId) return null;
      const { commandId, status, commandType, aggregateType, aggregateId, result, error } = message.data;
      return { name: 'command', clientId, data: JSON.stringify({ commandId, status, commandType, aggregateType, aggregateId, result, error }) };
    }
    default:
      return null;
  }
}

/**
 * Another agency's occurrences, dispatches and units do not exist for an
 * agency-scoped viewer (a unit lent in mutual aid stays its own agency's); a
 * command's outcome is its sender's alone.
 */
export function isVisibleTo(event: LiveEvent, viewer: StreamViewer): boolean {
  return event.name === 'command' ? event.clientId === viewer.clientId : canAccessAgency(viewer.access, event.ownerAgencyId);
}
