import { randomUUID } from 'node:crypto';
import { ApiClientStore, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { createKafkaClient } from '@atalaia/kafka';
import { createLogger, startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

const AGENCY_SCOPES: ApiScope[] = ['occurrences:write', 'dispatches:write', 'units:write', 'read', 'audit:read'];

/** The units registry through the public API: registration, the fleet import, status, dispatch by unit, nearest units, and agency isolation. */
describe('units registry through the gateway', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let prisma: ReturnType<typeof createGatewayPrisma>;
  let own: GatewayClient;
  let other: GatewayClient;
  let operator: GatewayClient;

  beforeAll(async () => {
    system = await startInProcessSystem('units');
    prisma = createGatewayPrisma(system.databases.gateway.url);
    const clients = new ApiClientStore(prisma);
    const client = async (agencyId: string, scopes: ApiScope[]) =>
      new GatewayClient(system.gatewayUrl, (await clients.create({ name: agencyId, agencyId, scopes, rateLimitPerMinute: null })).key);
    [own, other, operator] = await Promise.all([client('cbm-se', AGENCY_SCOPES), client('cbm-al', AGENCY_SCOPES), client('cbm-ops', [...AGENCY_SCOPES, 'agencies:all'])]);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await system?.stop();
    await telemetry.shutdown();
  });

  const station = (name: string, latitude: number, longitude: number) => ({ name, latitude, longitude });
  const unitOf = async (caller: GatewayClient, unitId: string): Promise<Json> => (await caller.get(`/api/units/${unitId}`)).body;
  const dispatch = (caller: GatewayClient, occurrenceId: string, body: Record<string, unknown>) => caller.run('POST', `/api/occurrences/${occurrenceId}/dispatches`, body);
  const at = (latitude: number, longitude: number) => ({ location: { latitude, longitude, address: 'Rua da Frente, 10', municipality: 'Aracaju' } });

  it('when a unit is registered, changed, taken out of service and back, then each step is a command, readable, with its status history', async () => {
    const unitId = await own.registerUnit('ABT-12', { station: station('1º GBM', -10.91, -37.05), capabilities: ['water_rescue'], crewSize: 5 });
    const changed = await own.run('PATCH', `/api/units/${unitId}`, { crewSize: 4, name: 'Bomba 12' });
    const out = await own.run('POST', `/api/units/${unitId}/out-of-service`, { reason: 'Troca de pneu' });
    const outAgain = await own.run('POST', `/api/units/${unitId}/out-of-service`, { reason: 'again' });
    const back = await own.run('POST', `/api/units/${unitId}/in-service`);

    expect(changed).toMatchObject({ status: 'processed', result: { changedFields: ['name', 'crewSize'] } });
    expect(out).toMatchObject({ status: 'processed', result: { status: 'out_of_service' } });
    expect(outAgain).toMatchObject({ status: 'failed', error: { code: 'UNIT_ALREADY_IN_STATUS' } });
    expect(back).toMatchObject({ status: 'processed', result: { status: 'available' } });
    const unit = await unitOf(own, unitId);
    expect(unit).toMatchObject({ code: 'ABT-12', kind: 'ABT', name: 'Bomba 12', crewSize: 4, capabilities: ['water_rescue'], status: 'available', currentDispatch: null });
    expect(unit.statusHistory.map((change: Json) => [change.previousStatus, change.status, change.cause])).toEqual([
      ['out_of_service', 'available', 'in_service'],
      ['available', 'out_of_service', 'out_of_service'],
    ]);
    expect(unit.statusHistory[1].reason).toBe('Troca de pneu');
    const trail = await waitFor(async () => {
      const entries = await own.auditTrail('unit', unitId);
      return entries.length === 4 && entries;
    }, { description: 'four unit audit entries' });
    expect(trail.map((entry: Json) => entry.action)).toEqual(['unit.registered', 'unit.updated', 'unit.status_changed', 'unit.status_changed']);
  });

  it('when a code is registered twice or with a kind the catalog lacks, then the command fails with the reason', async () => {
    await own.registerUnit('UR-01');
    expect(await own.run('POST', '/api/units', { code: 'UR-01', kind: 'UR' })).toMatchObject({ status: 'failed', error: { code: 'UNIT_ALREADY_REGISTERED' } });
    expect(await own.run('POST', '/api/units', { code: 'XYZ-1', kind: 'XYZ' })).toMatchObject({ status: 'failed', error: { code: 'UNIT_KIND_UNKNOWN' } });
    expect((await own.get('/api/unit-kinds')).body.data).toEqual(expect.arrayContaining([{ code: 'ABT', label: 'Auto Bomba Tanque' }, { code: 'USA', label: 'Unidade de Suporte Avançado' }]));
  });

  it('when a fleet is imported as CSV and then again as JSON, then new codes are registered, known ones updated only where they changed', async () => {
    const csv = [
      'code,kind,name,station_name,station_latitude,station_longitude,capabilities,crew_size',
      'AT-01,AT,Tanque 1,Base Norte,-10.85,-37.07,water_supply,3',
      'USA-01,USA,,Base Sul,-10.98,-37.04,als;trauma,',
    ].join('\n');
    const first = await own.settle(await csvImport(own, csv));
    const second = await own.run('POST', '/api/units/import', {
      units: [
        { code: 'AT-01', kind: 'AT', name: 'Tanque 1', station: station('Base Norte', -10.85, -37.07), capabilities: ['water_supply'], crewSize: 3 },
        { code: 'USA-01', kind: 'USA', station: station('Base Sul', -10.98, -37.04), capabilities: ['trauma', 'als'], crewSize: 2 },
      ],
    });

    expect(first).toMatchObject({ status: 'processed', result: { registered: 2, updated: 0, unchanged: 0 } });
    expect(second).toMatchObject({ status: 'processed', result: { registered: 0, updated: 1, unchanged: 1 } });
    const listed = (await own.get('/api/units?station=Base%20Sul')).body.data;
    expect(listed.map((unit: Json) => [unit.code, unit.crewSize, unit.capabilities])).toEqual([['USA-01', 2, ['als', 'trauma']]]);
  });

  it('when an import has a malformed row, then it is a 400 problem naming the row and field, and nothing is registered', async () => {
    const answer = await own.request('POST', '/api/units/import', {
      body: { units: [{ code: 'AT-09', kind: 'AT', station: { name: 'X', latitude: 123, longitude: 0 } }] },
      idempotencyKey: randomUUID(),
    });
    const csv = await fetch(`${system.gatewayUrl}/api/units/import`, {
      method: 'POST',
      headers: { 'x-api-key': own.apiKey, 'content-type': 'text/csv', 'idempotency-key': randomUUID() },
      body: 'code,kind,colour\nAT-10,AT,red',
    });

    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('units.0.station.latitude');
    expect(csv.status).toBe(400);
    expect(csv.headers.get('content-type')).toContain('application/problem+json');
    expect(await csv.json()).toMatchObject({ code: 'INVALID_CSV' });
    expect((await own.get('/api/units?kind=AT')).body.data.map((unit: Json) => unit.code)).not.toContain('AT-09');
  });

  it('when units are listed a page at a time, then every unit appears once in code order', async () => {
    for (const code of ['ASE-01', 'ASE-02', 'ASE-03']) await own.registerUnit(code);
    const codes: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = (await own.get(`/api/units?kind=ASE&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      codes.push(...page.data.map((unit: Json) => unit.code));
      cursor = page.nextCursor;
    } while (cursor);
    expect(codes).toEqual(['ASE-01', 'ASE-02', 'ASE-03']);
  });

  it('when the nearest units of an occurrence are asked, then its agency’s available units come nearest station first, busy ones left out', async () => {
    const near = await own.registerUnit('ABT-21', { station: station('Perto', -10.9, -37.0) });
    const far = await own.registerUnit('ABT-22', { station: station('Longe', -10.5, -37.0) });
    const busy = await own.registerUnit('ABT-23', { station: station('Pertíssimo', -10.9001, -37.0) });
    await other.registerUnit('ABT-24', { station: station('Alheia', -10.9, -37.0) });
    const occurrenceId = await own.createOccurrence(at(-10.9, -37.0));
    await dispatch(own, await own.createOccurrence(), { unitId: busy });

    const ranking = (await own.get(`/api/occurrences/${occurrenceId}/nearest-units?kind=ABT`)).body;

    const ids = ranking.data.map((entry: Json) => entry.unit.id);
    expect(ids.indexOf(near)).toBeLessThan(ids.indexOf(far));
    expect(ids).not.toContain(busy);
    expect(ranking.data.every((entry: Json) => entry.unit.agencyId === 'cbm-se')).toBe(true);
    expect(ranking.data.find((entry: Json) => entry.unit.id === near).distanceKm).toBeCloseTo(0, 1);
    expect(ranking.data.find((entry: Json) => entry.unit.id === far).distanceKm).toBeCloseTo(44.5, 0);
    expect((await other.get(`/api/occurrences/${occurrenceId}/nearest-units`)).status).toBe(404);
  });

  it('when a unit is sent, reports and is closed, then it goes assigned, en route, on scene, returning, and back in service available', async () => {
    const unitId = await own.registerUnit('UR-05');
    const occurrenceId = await own.createOccurrence();
    const assigned = await dispatch(own, occurrenceId, { unitCode: 'UR-05' });
    const dispatchId = assigned.result.dispatchId;
    const seen = [(await unitOf(own, unitId)).status];
    for (const status of ['en_route', 'on_scene']) {
      await own.run('PATCH', `/api/dispatches/${dispatchId}/status`, { status });
      seen.push((await unitOf(own, unitId)).status);
    }
    expect((await unitOf(own, unitId)).currentDispatch).toEqual({ id: dispatchId, occurrenceId, status: 'on_scene' });
    await own.run('POST', `/api/dispatches/${dispatchId}/close`);
    seen.push((await unitOf(own, unitId)).status);
    await own.run('POST', `/api/units/${unitId}/in-service`);
    seen.push((await unitOf(own, unitId)).status);

    expect(assigned).toMatchObject({ status: 'processed', result: { unitId } });
    expect(seen).toEqual(['assigned', 'en_route', 'on_scene', 'returning', 'available']);
    expect((await own.get(`/api/dispatches/${dispatchId}`)).body).toMatchObject({ unitId, resourceCode: 'UR-05' });
  });

  it('when a unit is unknown, out of service, busy or retired, then the dispatch fails with UNIT_NOT_FOUND or UNIT_NOT_AVAILABLE, and a busy unit cannot retire', async () => {
    const unitId = await own.registerUnit('AEM-01');
    const [first, second] = [await own.createOccurrence(), await own.createOccurrence()];
    expect(await dispatch(own, first, { unitCode: 'AEM-99' })).toMatchObject({ status: 'failed', error: { code: 'UNIT_NOT_FOUND' } });
    await own.run('POST', `/api/units/${unitId}/out-of-service`, { reason: 'Manutenção' });
    expect(await dispatch(own, first, { unitId })).toMatchObject({ status: 'failed', error: { code: 'UNIT_NOT_AVAILABLE', context: { unitStatus: 'out_of_service' } } });
    await own.run('POST', `/api/units/${unitId}/in-service`);
    const held = await dispatch(own, first, { unitId });
    const busy = await dispatch(own, second, { unitId });
    expect(busy).toMatchObject({
      status: 'failed',
      error: { code: 'UNIT_NOT_AVAILABLE', context: { currentDispatch: { id: held.result.dispatchId, occurrenceId: first, status: 'assigned' } } },
    });
    expect(busy.error.detail).toContain(first);
    expect(await own.run('POST', `/api/units/${unitId}/retire`)).toMatchObject({ status: 'failed', error: { code: 'UNIT_BUSY' } });

    await own.run('POST', `/api/occurrences/${first}/cancel`, { reason: 'Trote' });
    await waitFor(async () => (await unitOf(own, unitId)).status === 'available', { description: 'the unit released by the cancellation' });
    expect(await own.run('POST', `/api/units/${unitId}/retire`, { reason: 'Baixa' })).toMatchObject({ status: 'processed' });
    expect(await dispatch(own, second, { unitId })).toMatchObject({ status: 'failed', error: { code: 'UNIT_NOT_AVAILABLE', context: { unitStatus: 'retired' } } });
    expect((await own.get('/api/units?kind=AEM')).body.data).toEqual([]);
    expect((await own.get('/api/units?kind=AEM&includeRetired=true')).body.data).toEqual([expect.objectContaining({ id: unitId, retiredAt: expect.any(String) })]);
  });

  describe('agency isolation', () => {
    let unitId: string;
    beforeAll(async () => {
      unitId = await own.registerUnit('ABS-01');
    });

    it("when another agency reads a unit or lists units, then the unit does not exist for it; the operator sees it", async () => {
      const foreign = await other.get(`/api/units/${unitId}`);
      const unknown = await other.get(`/api/units/${randomUUID()}`);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe(unknown.body.code);
      expect((await other.get('/api/units?kind=ABS')).body.data).toEqual([]);
      expect((await other.get('/api/units?agencyId=cbm-se')).body.data).toEqual([]);
      expect((await operator.get(`/api/units/${unitId}`)).body).toMatchObject({ id: unitId, agencyId: 'cbm-se' });
      expect((await operator.get('/api/units?kind=ABS&agencyId=cbm-se')).body.data.map((unit: Json) => unit.id)).toEqual([unitId]);
    });

    it("when another agency changes, retires or takes the unit out of service, then UNIT_NOT_FOUND and no effect; the operator may", async () => {
      const before = await unitOf(own, unitId);
      const attempts = [
        await other.run('PATCH', `/api/units/${unitId}`, { crewSize: 9 }),
        await other.run('POST', `/api/units/${unitId}/out-of-service`, { reason: 'x' }),
        await other.run('POST', `/api/units/${unitId}/in-service`),
        await other.run('POST', `/api/units/${unitId}/retire`),
      ];
      for (const attempt of attempts) expect(attempt).toMatchObject({ status: 'failed', error: { code: 'UNIT_NOT_FOUND' } });
      expect(await unitOf(own, unitId)).toEqual(before);

      expect(await operator.run('POST', `/api/units/${unitId}/out-of-service`, { reason: 'Vistoria' })).toMatchObject({ status: 'processed' });
      expect(await operator.run('POST', `/api/units/${unitId}/in-service`)).toMatchObject({ status: 'processed' });
    });

    it("when another agency's unit is sent, then UNIT_NOT_FOUND without cross-agency access; with it, mutual aid is dispatched and the audit says so", async () => {
      const theirs = await other.registerUnit('ABS-02');
      const mine = await own.createOccurrence();

      expect(await dispatch(own, mine, { unitId: theirs })).toMatchObject({ status: 'failed', error: { code: 'UNIT_NOT_FOUND' } });
      const aid = await dispatch(operator, mine, { unitId: theirs });

      expect(aid).toMatchObject({ status: 'processed', result: { unitId: theirs } });
      const entries = await waitFor(async () => {
        const trail = await own.auditTrail('dispatch', aid.result.dispatchId);
        return trail.length === 1 && trail;
      }, { description: 'the mutual-aid dispatch audit entry' });
      expect(entries[0].after).toMatchObject({ mutualAid: true, unitAgencyId: 'cbm-al', agencyId: 'cbm-se', unitId: theirs });
      expect((await other.get(`/api/units/${theirs}`)).body).toMatchObject({ status: 'assigned', currentDispatch: { occurrenceId: mine } });
    });
  });

  it('when one unit is sent to 50 occurrences at once, on every dispatch command partition, then exactly one is assigned, 49 are UNIT_NOT_AVAILABLE and its history is one move', async () => {
    const unitId = await own.registerUnit('ABT-50');
    const occurrences = await Promise.all(Array.from({ length: 50 }, () => own.createOccurrence()));
    const partitionsBefore = await dispatchCommandOffsets();

    const commandIds = await Promise.all(occurrences.map((occurrenceId) => own.send('POST', `/api/occurrences/${occurrenceId}/dispatches`, { unitId })));
    const commands = await Promise.all(commandIds.map((id) => own.settle(id, 60_000)));

    const partitionsAfter = await dispatchCommandOffsets();
    expect(partitionsAfter.filter((offset, partition) => offset > partitionsBefore[partition]!).length).toBeGreaterThan(1);
    const processed = commands.filter((command) => command.status === 'processed');
    expect(processed).toHaveLength(1);
    expect(commands.filter((command) => command.error?.code === 'UNIT_NOT_AVAILABLE')).toHaveLength(49);
    const unit = await unitOf(own, unitId);
    expect(unit).toMatchObject({ status: 'assigned', currentDispatch: { id: processed[0].result.dispatchId } });
    expect(unit.statusHistory.map((change: Json) => [change.previousStatus, change.status])).toEqual([['available', 'assigned']]);
  });

  /** The end offset of each partition of the dispatch command topic. */
  async function dispatchCommandOffsets(): Promise<number[]> {
    const admin = createKafkaClient({ clientId: 'units-test', brokers: system.kafkaBrokers, logger: createLogger('units-test', 'silent') }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(system.topics.dispatchCommands);
      return offsets.sort((a, b) => a.partition - b.partition).map((offset) => Number(offset.high));
    } finally {
      await admin.disconnect();
    }
  }

  async function csvImport(caller: GatewayClient, csv: string): Promise<string> {
    const response = await fetch(`${system.gatewayUrl}/api/units/import`, {
      method: 'POST',
      headers: { 'x-api-key': caller.apiKey, 'content-type': 'text/csv', 'idempotency-key': randomUUID() },
      body: csv,
    });
    if (response.status !== 202) throw new Error(`CSV import answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { commandId: string }).commandId;
  }
});
