import { randomUUID } from 'node:crypto';
import { createEnvelope, unitIdFor, type AnyTypedEnvelope, type UnitSnapshot } from '@atalaia/contracts';
import { LiveEventHub } from '../src/domain/live-event-hub';
import { isVisibleTo, liveEventOf, type LiveEvent, type StreamViewer } from '../src/domain/live-events';
import { dispatchSnapshot, occurrenceSnapshot } from './snapshot-builders';
import { traceIdOf } from '../src/domain/trace-context';

const occurrence = (agencyId: string) => occurrenceSnapshot(agencyId);
const dispatch = dispatchSnapshot;
const envelope = (type: string, data: unknown, actor?: { clientId: string; agencyId: string }) =>
  createEnvelope({ type, source: 'test', aggregateType: 'x', subject: 'x', data, actor }) as unknown as AnyTypedEnvelope;

const unitOf = (agencyId: string, code = 'ABT-12'): UnitSnapshot => ({
  id: unitIdFor(agencyId, code),
  agencyId,
  code,
  kind: 'ABT',
  name: null,
  station: { name: 'Quartel Central', latitude: -10.91, longitude: -37.07 },
  capabilities: [],
  crewSize: 4,
  status: 'assigned',
  statusReason: null,
  statusSince: '2026-02-01T14:33:00.000Z',
  retiredAt: null,
  version: 2,
  createdAt: '2026-02-01T08:00:00.000Z',
  updatedAt: '2026-02-01T14:33:00.000Z',
});

const viewer = (clientId: string, agencyId: string, crossAgency = false): StreamViewer => ({ clientId, access: { agencyId, crossAgency } });

describe('live events', () => {
  it('when an occurrence event arrives, then it becomes an occurrence event of its owner agency with type and snapshot', () => {
    const snapshot = occurrence('cbm-se');

    const event = liveEventOf(envelope('occurrence.created', { occurrence: snapshot }));

    expect(event).toMatchObject({ name: 'occurrence', ownerAgencyId: 'cbm-se' });
    expect(JSON.parse(event!.data)).toEqual({ type: 'occurrence.created', occurrence: snapshot });
  });

  it("when a dispatch event arrives, then it carries the dispatch's summary fields only", () => {
    const snapshot = dispatch('cbm-se');

    const event = liveEventOf(envelope('dispatch.status_changed', { dispatch: snapshot, previousStatus: 'assigned' }));

    const { id, occurrenceId, agencyId, unitId, resourceCode, status, createdAt, updatedAt, closedAt } = snapshot;
    expect(JSON.parse(event!.data)).toEqual({ type: 'dispatch.status_changed', dispatch: { id, occurrenceId, agencyId, unitId, resourceCode, status, createdAt, updatedAt, closedAt } });
  });

  it.each([
    ['unit.registered', (unit: UnitSnapshot) => ({ unit })],
    ['unit.updated', (unit: UnitSnapshot) => ({ unit, changedFields: ['station'] })],
    ['unit.retired', (unit: UnitSnapshot) => ({ unit })],
    ['unit.status_changed', (unit: UnitSnapshot) => ({ unit, previousStatus: 'available', cause: 'dispatch_assigned', dispatchId: randomUUID() })],
  ])('when a %s event arrives, then it becomes a unit event of its agency with type and snapshot only', (type, dataOf) => {
    const unit = unitOf('cbm-se');

    const event = liveEventOf(envelope(type, dataOf(unit)));

    expect(event).toMatchObject({ name: 'unit', ownerAgencyId: 'cbm-se' });
    expect(JSON.parse(event!.data)).toEqual({ type, unit });
  });

  it('when a command result arrives, then it is addressed to the client that sent the command; without an actor it is dropped', () => {
    const data = { commandId: randomUUID(), commandType: 'occurrence.start', status: 'failed', error: { code: 'OCCURRENCE_NOT_FOUND', title: 'No such occurrence' } };

    const event = liveEventOf(envelope('command.failed', data, { clientId: 'client-a', agencyId: 'cbm-se' }));

    expect(event).toMatchObject({ name: 'command', clientId: 'client-a' });
    expect(JSON.parse(event!.data)).toEqual(data);
    expect(liveEventOf(envelope('command.failed', data))).toBeNull();
  });

  it('when a message is a command or an audit entry, then the stream does not carry it', () => {
    expect(liveEventOf(envelope('occurrence.start', { occurrenceId: randomUUID() }))).toBeNull();
  });

  it("when viewers differ, then agency events reach the owner agency and cross-agency viewers, command events only their sender", () => {
    const agencyEvent: LiveEvent = { name: 'occurrence', ownerAgencyId: 'cbm-se', data: '{}' };
    const unitEvent = liveEventOf(envelope('unit.retired', { unit: unitOf('cbm-se') }))!;
    const commandEvent: LiveEvent = { name: 'command', clientId: 'client-a', data: '{}' };

    expect(isVisibleTo(agencyEvent, viewer('client-a', 'cbm-se'))).toBe(true);
    expect(isVisibleTo(agencyEvent, viewer('client-b', 'pm-se'))).toBe(false);
    expect(isVisibleTo(agencyEvent, viewer('operator', 'central', true))).toBe(true);
    expect(isVisibleTo(unitEvent, viewer('client-a', 'cbm-se'))).toBe(true);
    expect(isVisibleTo(unitEvent, viewer('client-b', 'pm-se'))).toBe(false);
    expect(isVisibleTo(unitEvent, viewer('operator', 'central', true))).toBe(true);
    expect(isVisibleTo(commandEvent, viewer('client-a', 'cbm-se'))).toBe(true);
    expect(isVisibleTo(commandEvent, viewer('operator', 'cbm-se', true))).toBe(false);
  });

  it('when a traceparent is stored, then its trace id is read from it; malformed or missing is null', () => {
    expect(traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(traceIdOf('nonsense')).toBeNull();
    expect(traceIdOf(null)).toBeNull();
  });
});

describe('live event hub', () => {
  let clock = 0;
  const hubOf = () => new LiveEventHub({ capacity: 100, epoch: 'e', idleGraceMs: 1_000, now: () => clock });
  const occurrenceOf = (agencyId: string): LiveEvent => ({ name: 'occurrence', ownerAgencyId: agencyId, data: `{"a":"${agencyId}"}` });

  beforeEach(() => {
    clock = 0;
  });

  it('when an event is published, then only subscribers who may see it receive it', () => {
    const hub = hubOf();
    const own: string[] = [];
    const other: string[] = [];
    hub.subscribe(viewer('a', 'cbm-se'), ({ event }) => own.push(event.data));
    hub.subscribe(viewer('b', 'pm-se'), ({ event }) => other.push(event.data));

    hub.publish(occurrenceOf('cbm-se'));

    expect(own).toEqual(['{"a":"cbm-se"}']);
    expect(other).toEqual([]);
  });

  it("when a subscriber reconnects with its last id, then it is replayed only what it may see", () => {
    const hub = hubOf();
    const first = hub.subscribe(viewer('a', 'cbm-se'), () => undefined);
    const lastSeen = first.start.lastId;
    first.unsubscribe();
    hub.publish(occurrenceOf('pm-se'));
    hub.publish(occurrenceOf('cbm-se'));

    const again = hub.subscribe(viewer('a', 'cbm-se'), () => undefined, lastSeen);

    expect(again.start.kind).toBe('replay');
    expect(again.start.kind === 'replay' && again.start.events.map(({ event }) => event.data)).toEqual(['{"a":"cbm-se"}']);
  });

  it('when nobody has listened for longer than the grace period, then it stops listening and a missed stretch makes old ids resync', () => {
    const hub = hubOf();
    expect(hub.listening).toBe(false);
    const subscription = hub.subscribe(viewer('a', 'cbm-se'), () => undefined);
    const lastSeen = subscription.start.lastId;
    subscription.unsubscribe();
    clock += 999;
    expect(hub.listening).toBe(true);
    clock += 1;
    expect(hub.listening).toBe(false);

    hub.missed();

    expect(hub.subscribe(viewer('a', 'cbm-se'), () => undefined, lastSeen).start.kind).toBe('resync');
  });
});
