import { accessOfActor, reachableBy, unitIdFor, type CommandOutcome, type TypedEnvelope, type UnitRegistration } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { commandResultMessage, stateChangeMessages, writeOutboxMessages, type OutboxMessageInput } from '@atalaia/outbox';
import { stationOf, toUnitSnapshot, type StoredUnit, type UnitDescription } from '../db/unit-repository';
import { applyUnitChanges, checkKind, decideRegistration, decideRetirement, describedBy } from '../domain/unit-registration';
import { decideUnitTransition } from '../domain/unit-status-machine';
import { DISPATCH_SOURCE, type DispatchUseCaseDeps } from './dispatch-source';
import { moveUnit } from './unit-status-messages';

type UnitCommand = TypedEnvelope<'unit.register' | 'unit.update' | 'unit.retire' | 'unit.set_service' | 'unit.import'>;
type Failure = { code: string; detail: string };

const processed = (unit: StoredUnit, result: Record<string, unknown> = {}): CommandOutcome => ({
  status: 'processed',
  aggregateType: 'unit',
  aggregateId: unit.id,
  result: { unitId: unit.id, code: unit.code, status: unit.status, ...result },
});

function failed(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: UnitCommand, aggregateId: string, failure: Failure): Promise<void> {
  const error = { code: failure.code, title: 'The unit command was refused', detail: failure.detail };
  return writeOutboxMessages(tx, [commandResultMessage(command, DISPATCH_SOURCE, deps.topics, { status: 'failed', aggregateType: 'unit', aggregateId, error })]);
}

function unitMessages(
  deps: DispatchUseCaseDeps,
  command: UnitCommand,
  change: { type: 'unit.registered' | 'unit.updated' | 'unit.retired'; before: StoredUnit | null; after: StoredUnit; changedFields?: string[] },
  result?: CommandOutcome,
): OutboxMessageInput[] {
  const unit = toUnitSnapshot(change.after);
  const common = {
    cause: command,
    source: DISPATCH_SOURCE,
    topics: deps.topics,
    eventTopic: deps.topics.unitEvents,
    aggregateType: 'unit',
    aggregateId: unit.id,
    ownerAgencyId: unit.agencyId,
    before: change.before && toUnitSnapshot(change.before),
    after: unit,
    result,
  };
  return change.type === 'unit.updated'
    ? stateChangeMessages({ ...common, eventType: change.type, eventData: { unit, changedFields: change.changedFields ?? [] } })
    : stateChangeMessages({ ...common, eventType: change.type, eventData: { unit } });
}

const descriptionOf = (unit: StoredUnit): UnitDescription => ({
  kind: unit.kind,
  name: unit.name,
  station: stationOf(unit),
  capabilities: unit.capabilities,
  crewSize: unit.crewSize,
});

/** Registers a unit in the actor's agency under the id the gateway derived from its code. */
async function register(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: TypedEnvelope<'unit.register'>): Promise<void> {
  const { unitId, ...registration } = command.data;
  const agencyId = command.actor!.agencyId;
  const decision = decideRegistration(deps.unitKinds, await deps.units.findByCode(tx, agencyId, registration.code), registration);
  if (!decision.ok) return failed(deps, tx, command, unitId, decision);
  const inserted = await deps.units.insert(tx, { id: unitId, agencyId, code: registration.code, ...decision.value });
  if (!inserted) return failed(deps, tx, command, unitId, { code: 'UNIT_ALREADY_REGISTERED', detail: `the agency already has a unit ${registration.code}` });
  await writeOutboxMessages(tx, unitMessages(deps, command, { type: 'unit.registered', before: null, after: inserted }, processed(inserted)));
}

/** The unit a command names, locked, if the actor may reach it and it is not retired. */
async function lockReachable(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: UnitCommand, unitId: string): Promise<StoredUnit | Failure> {
  const unit = reachableBy(await deps.units.lockById(tx, unitId), accessOfActor(command.actor));
  if (!unit) return { code: 'UNIT_NOT_FOUND', detail: `unit ${unitId} does not exist` };
  if (unit.retiredAt) return { code: 'UNIT_RETIRED', detail: `unit ${unit.code} is retired` };
  return unit;
}

async function update(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: TypedEnvelope<'unit.update'>): Promise<void> {
  const unit = await lockReachable(deps, tx, command, command.data.unitId);
  if ('detail' in unit) return failed(deps, tx, command, command.data.unitId, unit);
  const decision = applyUnitChanges(deps.unitKinds, descriptionOf(unit), command.data.changes);
  if (!decision.ok) return failed(deps, tx, command, unit.id, decision);
  const { description, changedFields } = decision.value;
  if (changedFields.length === 0) {
    return writeOutboxMessages(tx, [commandResultMessage(command, DISPATCH_SOURCE, deps.topics, processed(unit, { changedFields }))]);
  }
  const after = await deps.units.describe(tx, unit.id, description);
  await writeOutboxMessages(tx, unitMessages(deps, command, { type: 'unit.updated', before: unit, after, changedFields }, processed(after, { changedFields })));
}

async function retire(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: TypedEnvelope<'unit.retire'>): Promise<void> {
  const unit = await lockReachable(deps, tx, command, command.data.unitId);
  if ('detail' in unit) return failed(deps, tx, command, command.data.unitId, unit);
  const decision = decideRetirement(unit);
  if (!decision.ok) return failed(deps, tx, command, unit.id, decision);
  const after = await deps.units.retire(tx, unit.id, command.data.reason ?? null);
  await writeOutboxMessages(tx, unitMessages(deps, command, { type: 'unit.retired', before: unit, after }, processed(after)));
}

/** An operator takes a unit out of service (with a reason) or puts it back. */
async function setService(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: TypedEnvelope<'unit.set_service'>): Promise<void> {
  const unit = await lockReachable(deps, tx, command, command.data.unitId);
  if ('detail' in unit) return failed(deps, tx, command, command.data.unitId, unit);
  const event = command.data.inService ? 'in_service' : 'out_of_service';
  const decision = decideUnitTransition(unit.status, event);
  if (!decision.ok) return failed(deps, tx, command, unit.id, decision);
  const change = { status: decision.value, cause: event, dispatchId: null, reason: command.data.reason ?? null } as const;
  const messages = await moveUnit(deps, tx, command, unit, change, processed({ ...unit, status: decision.value }));
  await writeOutboxMessages(tx, messages);
}

/**
 * A fleet at once, idempotent per code: a new code is registered, a known one
 * takes the imported description (nothing is recorded when it is the same),
 * a retired one is left alone and reported. One unknown kind refuses the
 * whole import, so a file is applied entirely or not at all.
 */
async function importUnits(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: TypedEnvelope<'unit.import'>): Promise<void> {
  const agencyId = command.actor!.agencyId;
  const unknownKinds = [...new Set(command.data.units.map((unit) => unit.kind))].filter((kind) => !checkKind(deps.unitKinds, kind).ok);
  if (unknownKinds.length > 0) {
    return failed(deps, tx, command, agencyId, { code: 'UNIT_KIND_UNKNOWN', detail: `unit kinds not in this installation's catalog: ${unknownKinds.join(', ')}` });
  }
  const tally = { registered: 0, updated: 0, unchanged: 0, retired: [] as string[] };
  const messages: OutboxMessageInput[] = [];
  for (const registration of lastPerCode(command.data.units)) messages.push(...(await importOne(deps, tx, command, agencyId, registration, tally)));
  const result: CommandOutcome = { status: 'processed', aggregateType: 'unit', aggregateId: agencyId, result: tally };
  await writeOutboxMessages(tx, [...messages, commandResultMessage(command, DISPATCH_SOURCE, deps.topics, result)]);
}

async function importOne(
  deps: DispatchUseCaseDeps,
  tx: SqlExecutor,
  command: TypedEnvelope<'unit.import'>,
  agencyId: string,
  registration: UnitRegistration,
  tally: { registered: number; updated: number; unchanged: number; retired: string[] },
): Promise<OutboxMessageInput[]> {
  const existing = await deps.units.findByCode(tx, agencyId, registration.code);
  if (!existing) {
    const inserted = await deps.units.insert(tx, { id: unitIdFor(agencyId, registration.code), agencyId, code: registration.code, ...describedBy(registration) });
    if (!inserted) throw new Error(`unit ${registration.code} appeared while it was imported`);
    tally.registered += 1;
    return unitMessages(deps, command, { type: 'unit.registered', before: null, after: inserted });
  }
  const unit = (await deps.units.lockById(tx, existing.id))!;
  if (unit.retiredAt) {
    tally.retired.push(unit.code);
    return [];
  }
  // Kinds were checked for the whole file first, so the changes always apply.
  const decision = applyUnitChanges(deps.unitKinds, descriptionOf(unit), describedBy(registration));
  if (!decision.ok) throw new Error(decision.detail);
  const { description, changedFields } = decision.value;
  if (changedFields.length === 0) {
    tally.unchanged += 1;
    return [];
  }
  tally.updated += 1;
  const after = await deps.units.describe(tx, unit.id, description);
  return unitMessages(deps, command, { type: 'unit.updated', before: unit, after, changedFields });
}

/** A code listed twice in one file: its last line is the one that counts. */
function lastPerCode(units: UnitRegistration[]): UnitRegistration[] {
  return [...new Map(units.map((unit) => [unit.code, unit])).values()];
}

export async function handleUnitCommand(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: UnitCommand): Promise<void> {
  switch (command.type) {
    case 'unit.register':
      return register(deps, tx, command);
    case 'unit.update':
      return update(deps, tx, command);
    case 'unit.retire':
      return retire(deps, tx, command);
    case 'unit.set_service':
      return setService(deps, tx, command);
    case 'unit.import':
      return importUnits(deps, tx, command);
  }
}
