import { randomUUID } from 'node:crypto';
import { createEnvelope, topicNames, unitIdFor, type OccurrenceSnapshot, type Station, type TypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { DispatchRepository } from '../src/db/dispatch-repository';
import { OccurrenceViewStore } from '../src/db/occurrence-view-store';
import { ParkedCommandStore } from '../src/db/parked-command-store';
import type { DispatchPrisma } from '../src/db/prisma';
import { UnitRepository } from '../src/db/unit-repository';
import { unitKindCatalog } from '../src/domain/unit-registration';
import type { DispatchUseCaseDeps } from '../src/use-cases/dispatch-source';

/** Builders for the messages the dispatch service consumes, as the gateway and the occurrence service write them. */
export const testActor = { clientId: 'client', agencyId: 'agency' };

export function occurrenceSnapshot(id: string, status: OccurrenceSnapshot['status'], version: number): OccurrenceSnapshot {
  const now = new Date().toISOString();
  return {
    id,
    agencyId: testActor.agencyId,
    externalId: `EXT-${id.slice(0, 8)}`,
    type: 'resgate',
    description: 'x',
    status,
    reportedAt: now,
    acceptedAt: now,
    location: null,
    priority: null,
    statusReason: null,
    startedAt: null,
    closedAt: null,
    version,
    createdAt: now,
    updatedAt: now,
  };
}

export const assignCommand = (occurrenceId: string, resourceCode: string) =>
  createEnvelope({
    type: 'dispatch.create',
    source: 'test',
    aggregateType: 'occurrence',
    subject: occurrenceId,
    commandId: randomUUID(),
    actor: testActor,
    data: { occurrenceId, resourceCode },
  }) as TypedEnvelope<'dispatch.create'>;

type OccurrenceEventType = 'occurrence.created' | 'occurrence.started' | 'occurrence.cancelled';

export const occurrenceEvent = <T extends OccurrenceEventType>(type: T, occurrence: OccurrenceSnapshot) =>
  createEnvelope({
    type,
    source: 'test',
    aggregateType: 'occurrence',
    subject: occurrence.id,
    actor: testActor,
    data: type === 'occurrence.created' ? { occurrence } : { occurrence, previousStatus: 'reported' },
  }) as TypedEnvelope<T>;

/** The use cases' dependencies on a test database, as the service wires them. */
export function testUseCaseDeps(prisma: DispatchPrisma, namespace: string, occurrenceViewGraceMs = 0): DispatchUseCaseDeps {
  return {
    dispatches: new DispatchRepository(prisma),
    units: new UnitRepository(),
    unitKinds: unitKindCatalog(undefined),
    views: new OccurrenceViewStore(),
    parked: new ParkedCommandStore(prisma),
    topics: topicNames(namespace),
    occurrenceViewGraceMs,
  };
}

/** Registers the test agency's units straight in the database (the registry's commands have tests of their own). */
export async function registerTestUnits(db: SqlExecutor, codes: string[], station?: Station, agencyId = testActor.agencyId): Promise<string[]> {
  const units = new UnitRepository();
  const ids: string[] = [];
  for (const code of codes) {
    const id = unitIdFor(agencyId, code);
    await units.insert(db, { id, agencyId, code, kind: 'ABT', name: null, station: station ?? null, capabilities: [], crewSize: null });
    ids.push(id);
  }
  return ids;
}
