import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { createEnvelope } from '@atalaia/contracts';
import { ApiClientStore, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { startTelemetry } from '@atalaia/telemetry';
import { AccessContextSigner } from '@atalaia/http';
import { signedAccessHeaders, TEST_ACCESS_CONTEXT_SIGNING_KEY, waitFor } from '@atalaia/testing';
import { countRows, GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

/**
 * The authorization matrix: every read route and every command, sent by the
 * owning agency, by another agency and by a cross-agency operator. Another
 * agency's data must not exist for a caller — the same answer as an unknown
 * id, and no effect at all — unless it holds `agencies:all`.
 */
const AGENCY_SCOPES: ApiScope[] = ['occurrences:write', 'dispatches:write', 'units:write', 'read', 'audit:read'];

describe('agency isolation: every route and command × {own agency, other agency, cross-agency operator}', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let prisma: ReturnType<typeof createGatewayPrisma>;
  let own: GatewayClient;
  let other: GatewayClient;
  let operator: GatewayClient;
  const ids = { own: '', other: '', operator: '' };

  beforeAll(async () => {
    // Dispatches to an id the dispatch service has not seen wait this long for its events before failing.
    system = await startInProcessSystem('isolation', { OCCURRENCE_VIEW_GRACE_MS: '3000' });
    prisma = createGatewayPrisma(system.databases.gateway.url);
    const clients = new ApiClientStore(prisma);
    const client = async (agencyId: string, scopes: ApiScope[], who: keyof typeof ids) => {
      const { record, key } = await clients.create({ name: agencyId, agencyId, scopes, rateLimitPerMinute: null });
      ids[who] = record.id;
      return new GatewayClient(system.gatewayUrl, key);
    };
    own = await client('agency-a', AGENCY_SCOPES, 'own');
    other = await client('agency-b', AGENCY_SCOPES, 'other');
    operator = await client('cbm-ops', [...AGENCY_SCOPES, 'agencies:all'], 'operator');
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await system.stop();
    await telemetry.shutdown();
  });

  /** A 404 with the id taken out, to compare with the answer for an id that never existed. */
  const withoutId = (answer: { status: number; body: Json }, id: string) => ({
    status: answer.status,
    body: JSON.parse(JSON.stringify(answer.body).replaceAll(id, '<id>')),
  });

  async function expectUnknownTo(caller: GatewayClient, pathOf: (id: string) => string, id: string) {
    const unknownId = randomUUID();
    const [foreign, unknown] = await Promise.all([caller.get(pathOf(id)), caller.get(pathOf(unknownId))]);
    expect(foreign.status).toBe(404);
    expect(withoutId(foreign, id)).toEqual(withoutId(unknown, unknownId));
  }

  const occurrenceOutboxRows = (aggregateId: string) =>
    countRows(system.databases.occurrence.url, `SELECT count(*)::int AS n FROM outbox_messages WHERE message_key = '${aggregateId}'`);
  const dispatchOutboxRows = (aggregateId: string) =>
    countRows(system.databases.dispatch.url, `SELECT count(*)::int AS n FROM outbox_messages WHERE message_key = '${aggregateId}'`);

  /** What another agency's command may not change: the aggregate, its dispatches, the messages about it. */
  async function footprint(kind: 'occurrence' | 'dispatch', id: string) {
    const path = kind === 'occurrence' ? `/api/occurrences/${id}` : `/api/dispatches/${id}`;
    const state = (await own.get(path)).body;
    const outbox = await (kind === 'occurrence' ? occurrenceOutboxRows(id) : dispatchOutboxRows(id));
    return { status: state.status, version: state.version, dispatches: state.dispatches?.length, outbox };
  }

  /** Waits until `caller`'s audit view of the aggregate holds `count` entries; entries are appended asynchronously. */
  const auditEntries = (caller: GatewayClient, type: string, id: string, count: number) =>
    waitFor(async () => {
      const entries = await caller.auditTrail(type, id);
      return entries.length >= count && entries;
    }, { description: `${count} audit entries for ${type} ${id}` });

  describe('reads', () => {
    let occurrenceId: string;
    let dispatchId: string;
    let commandId: string;

    beforeAll(async () => {
      occurrenceId = await own.createOccurrence({ externalId: 'READ-A-1' });
      const dispatched = await own.dispatchUnit(occurrenceId, 'ABT-10');
      dispatchId = dispatched.result.dispatchId;
      commandId = dispatched.commandId;
      await own.createOccurrence({ externalId: 'READ-A-2' });
      await other.createOccurrence({ externalId: 'READ-B-1' });
      await auditEntries(own, 'dispatch', dispatchId, 1);
    });

    it('when another agency reads an occurrence, its dispatches, a dispatch or a command, then each is a 404 identical to an unknown id', async () => {
      await expectUnknownTo(other, (id) => `/api/occurrences/${id}`, occurrenceId);
      await expectUnknownTo(other, (id) => `/api/occurrences/${id}/dispatches`, occurrenceId);
      await expectUnknownTo(other, (id) => `/api/dispatches/${id}`, dispatchId);
      await expectUnknownTo(other, (id) => `/api/commands/${id}`, commandId);
    });

    it('when the owning agency or a cross-agency operator reads them, then each is found', async () => {
      for (const caller of [own, operator]) {
        expect((await caller.get(`/api/occurrences/${occurrenceId}`)).body).toMatchObject({ id: occurrenceId, agencyId: 'agency-a', dispatches: [{ id: dispatchId }] });
        expect((await caller.get(`/api/occurrences/${occurrenceId}/dispatches`)).body.data).toMatchObject([{ id: dispatchId }]);
        expect((await caller.get(`/api/dispatches/${dispatchId}`)).body).toMatchObject({ id: dispatchId, agencyId: 'agency-a' });
        expect((await caller.get(`/api/commands/${commandId}`)).body).toMatchObject({ commandId, status: 'processed' });
      }
    });

    it("when another agency reads an occurrence's audit trail, then it is empty, as for an unknown aggregate; owner and operator see it", async () => {
      expect(await other.auditTrail('occurrence', occurrenceId)).toEqual([]);
      expect(await other.auditTrail('dispatch', dispatchId)).toEqual([]);
      expect(await other.auditTrail('occurrence', randomUUID())).toEqual([]);
      expect((await own.auditTrail('occurrence', occurrenceId)).length).toBeGreaterThan(0);
      expect(await operator.auditTrail('occurrence', occurrenceId)).toEqual(await own.auditTrail('occurrence', occurrenceId));
    });

    it('when agencies list occurrences, then lists, filters and cursors hold only their own rows; the operator sees every agency', async () => {
      const listAll = async (caller: GatewayClient, query: string) => {
        const rows: Json[] = [];
        let cursor: string | null = null;
        do {
          const page: Json = (await caller.get(`/api/occurrences?limit=1${query}${cursor ? `&cursor=${cursor}` : ''}`)).body;
          rows.push(...page.data);
          cursor = page.nextCursor;
        } while (cursor);
        return rows;
      };
      const agenciesIn = (rows: Json[]) => [...new Set(rows.map((row) => row.agencyId))].sort();

      expect(agenciesIn(await listAll(own, ''))).toEqual(['agency-a']);
      expect(agenciesIn(await listAll(other, ''))).toEqual(['agency-b']);
      expect(await listAll(other, '&agencyId=agency-a')).toEqual([]);
      expect(await listAll(other, '&externalId=READ-A-1')).toEqual([]);
      expect(agenciesIn(await listAll(operator, ''))).toEqual(['agency-a', 'agency-b']);
      expect(agenciesIn(await listAll(operator, '&agencyId=agency-b'))).toEqual(['agency-b']);
    });

    it('when another agency forges the internal access context, then the gateway overwrites it and the answer is still a 404', async () => {
      const forgedContext = await signedAccessHeaders({ agencyId: 'agency-a', crossAgency: true });
      const forged = await other.request('GET', `/api/occurrences/${occurrenceId}`, {
        headers: { ...forgedContext, 'x-atalaia-agency-id': 'agency-a', 'x-atalaia-cross-agency': 'true' },
      });
      expect(forged.status).toBe(404);
      const listed = await other.request('GET', '/api/occurrences', { headers: forgedContext });
      expect(listed.body.data.map((row: Json) => row.agencyId)).not.toContain('agency-a');
    });

    it("when a caller reaches a service's port without the gateway, then only a context signed with the installation's key is answered", async () => {
      const read = (service: 'occurrence' | 'dispatch' | 'audit', path: string, headers: Record<string, string>) =>
        fetch(`${system.serviceUrls[service]}${path}`, { headers }).then(async (response) => ({ status: response.status, code: ((await response.json()) as Json).code }));
      const asAgencyA = { agencyId: 'agency-a', crossAgency: true };
      const wrongKey = await new AccessContextSigner('a-key-that-is-not-the-installations-key').headersFor(asAgencyA);
      const expired = await new AccessContextSigner(TEST_ACCESS_CONTEXT_SIGNING_KEY, () => Date.now() - 10 * 60_000).headersFor(asAgencyA);
      const unsigned = { 'x-atalaia-access': `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(asAgencyA)).toString('base64url')}.` };
      const oldHeaders = { 'x-atalaia-agency-id': 'agency-a', 'x-atalaia-cross-agency': 'true' };

      for (const [service, path] of [
        ['occurrence', `/api/occurrences/${occurrenceId}`],
        ['dispatch', `/api/occurrences/${occurrenceId}/dispatches`],
        ['audit', `/api/audit?aggregateType=occurrence&aggregateId=${occurrenceId}`],
      ] as const) {
        expect([service, await read(service, path, oldHeaders)]).toEqual([service, { status: 400, code: 'ACCESS_CONTEXT_REQUIRED' }]);
        for (const headers of [wrongKey, expired, unsigned]) {
          expect([service, await read(service, path, headers)]).toEqual([service, { status: 401, code: 'ACCESS_CONTEXT_INVALID' }]);
        }
        // The control: the installation's key, as the gateway signs.
        expect([service, (await read(service, path, await signedAccessHeaders({ agencyId: 'agency-a', crossAgency: false }))).status]).toEqual([service, 200]);
      }
    });
  });

  describe('commands', () => {
    /** Another agency's command fails as for an unknown id and leaves no trace on the aggregate; the owner's and the operator's succeed. */
    async function expectOnlyOwnerAndOperator(
      kind: 'occurrence' | 'dispatch',
      targetFor: (caller: 'own' | 'operator') => Promise<string>,
      send: (caller: GatewayClient, id: string) => Promise<Json>,
      notFoundCode: string,
    ) {
      for (const caller of ['own', 'operator'] as const) {
        const id = await targetFor(caller);
        const before = await footprint(kind, id);
        const auditBefore = (await own.auditTrail(kind, id)).length;

        const refused = await send(other, id);
        const unknown = await send(other, randomUUID());
        expect(refused).toMatchObject({ status: 'failed', error: { code: notFoundCode } });
        expect(refused.error).toEqual({ ...unknown.error, detail: unknown.error.detail.replace(unknown.aggregateId, id) });
        expect(await footprint(kind, id)).toEqual(before);

        const done = await send(caller === 'own' ? own : operator, id);
        expect(done).toMatchObject({ status: 'processed' });
        // Audit entries of one aggregate keep their order: once the owner's is in, a stranger's would be too.
        // A new dispatch is audited under its own id.
        const entries =
          done.aggregateType === kind
            ? await auditEntries(own, kind, id, auditBefore + 1)
            : await auditEntries(own, done.aggregateType, done.aggregateId, 1);
        expect(entries.map((entry: Json) => entry.actor.clientId)).not.toContain(ids.other);
        expect(entries.at(-1).actor).toMatchObject({ clientId: ids[caller], agencyId: caller === 'own' ? 'agency-a' : 'cbm-ops' });
      }
    }

    const occurrenceOf = () => own.createOccurrence();
    const startedOccurrence = async () => {
      const id = await own.createOccurrence();
      await own.run('POST', `/api/occurrences/${id}/start`);
      return id;
    };
    let unitNumber = 20;
    const dispatchOf = async () => (await own.dispatchUnit(await own.createOccurrence(), `ABT-${unitNumber++}`)).result.dispatchId as string;

    it('when another agency starts an occurrence, then OCCURRENCE_NOT_FOUND and no effect; owner and operator start it', async () => {
      await expectOnlyOwnerAndOperator('occurrence', occurrenceOf, (caller, id) => caller.run('POST', `/api/occurrences/${id}/start`), 'OCCURRENCE_NOT_FOUND');
    });

    it('when another agency resolves an occurrence, then OCCURRENCE_NOT_FOUND and no effect; owner and operator resolve it', async () => {
      await expectOnlyOwnerAndOperator(
        'occurrence',
        startedOccurrence,
        (caller, id) => caller.run('POST', `/api/occurrences/${id}/resolve`, { note: 'Fogo extinto' }),
        'OCCURRENCE_NOT_FOUND',
      );
    });

    it('when another agency cancels an occurrence, then OCCURRENCE_NOT_FOUND and no effect; owner and operator cancel it', async () => {
      await expectOnlyOwnerAndOperator(
        'occurrence',
        occurrenceOf,
        (caller, id) => caller.run('POST', `/api/occurrences/${id}/cancel`, { reason: 'Trote' }),
        'OCCURRENCE_NOT_FOUND',
      );
    });

    it('when another agency dispatches a unit to an occurrence, then OCCURRENCE_NOT_FOUND and no dispatch; owner and operator dispatch', async () => {
      await Promise.all(['UR-7', 'UR-8'].map((code) => own.ensureUnit(code)));
      await expectOnlyOwnerAndOperator(
        'occurrence',
        occurrenceOf,
        // The owner's units UR-7 and UR-8 (registered below): one for each of the two dispatches that must succeed.
        (caller, id) => caller.run('POST', `/api/occurrences/${id}/dispatches`, { unitCode: caller === operator ? 'UR-8' : 'UR-7' }),
        'OCCURRENCE_NOT_FOUND',
      );
    });

    it("when another agency reports a dispatch's status, then DISPATCH_NOT_FOUND and no effect; owner and operator report it", async () => {
      await expectOnlyOwnerAndOperator('dispatch', dispatchOf, (caller, id) => caller.run('PATCH', `/api/dispatches/${id}/status`, { status: 'en_route' }), 'DISPATCH_NOT_FOUND');
    });

    it('when another agency closes a dispatch, then DISPATCH_NOT_FOUND and no effect; owner and operator close it', async () => {
      await expectOnlyOwnerAndOperator('dispatch', dispatchOf, (caller, id) => caller.run('POST', `/api/dispatches/${id}/close`, { reason: 'Retorno' }), 'DISPATCH_NOT_FOUND');
    });

    it("when another agency reports an occurrence with the same externalId, then it gets its own occurrence and the first agency's is untouched", async () => {
      const mine = await own.createOccurrence({ externalId: 'SHARED-EXT-1', description: 'Original' });
      const theirs = await other.createOccurrence({ externalId: 'SHARED-EXT-1', description: 'Someone else' });
      expect(theirs).not.toBe(mine);
      expect((await own.get(`/api/occurrences/${mine}`)).body).toMatchObject({ description: 'Original', version: 1, agencyId: 'agency-a' });
      expect((await other.get(`/api/occurrences/${theirs}`)).body).toMatchObject({ description: 'Someone else', agencyId: 'agency-b' });
    });

    it('when a command naming another agency\'s occurrence is put straight on the command topic, then the service refuses it all the same', async () => {
      const occurrenceId = await own.createOccurrence();
      const before = await footprint('occurrence', occurrenceId);
      const commandId = randomUUID();
      const kafka = new Kafka({ clientId: 'isolation-test', brokers: system.kafkaBrokers, logLevel: 0 });
      const producer = kafka.producer();
      await producer.connect();
      const envelope = createEnvelope({
        type: 'occurrence.cancel',
        source: 'atalaia.gateway',
        aggregateType: 'occurrence',
        subject: occurrenceId,
        commandId,
        actor: { clientId: ids.other, agencyId: 'agency-b' },
        data: { occurrenceId, reason: 'bypassing the gateway' },
      });
      await producer.send({ topic: system.topics.occurrenceCommands, messages: [{ key: occurrenceId, value: JSON.stringify(envelope) }] });
      await producer.disconnect();

      const failure = await waitFor(
        () =>
          countRows(
            system.databases.occurrence.url,
            `SELECT count(*)::int AS n FROM outbox_messages WHERE payload->>'commandId' = '${commandId}' AND payload->>'type' = 'command.failed'
               AND payload->'data'->'error'->>'code' = 'OCCURRENCE_NOT_FOUND'`,
          ).then((count) => count === 1 || undefined),
        { description: 'the forged command to fail' },
      );
      expect(failure).toBe(true);
      expect(await footprint('occurrence', occurrenceId)).toEqual(before);
    });

    it("when a command put straight on the topic names an actor whose roles or scopes do not grant it, then the service refuses it with PERMISSION_DENIED and no effect", async () => {
      const occurrenceId = await own.createOccurrence();
      const before = await footprint('occurrence', occurrenceId);
      const kafka = new Kafka({ clientId: 'isolation-test', brokers: system.kafkaBrokers, logLevel: 0 });
      const producer = kafka.producer();
      await producer.connect();
      // The owning agency's own people and clients, each without the permission to cancel.
      const actors = [
        { clientId: 'console', agencyId: 'agency-a', userId: 'call-taker-1', userName: 'Atendente', roles: ['call_taker'] },
        { clientId: 'console', agencyId: 'agency-a', userId: 'dispatcher-1', userName: 'Despachante', roles: ['dispatcher'] },
        { clientId: ids.own, agencyId: 'agency-a', scopes: ['read', 'dispatches:write'] },
      ];
      const commandIds = actors.map(() => randomUUID());
      await producer.send({
        topic: system.topics.occurrenceCommands,
        messages: actors.map((actor, index) => ({
          key: occurrenceId,
          value: JSON.stringify(
            createEnvelope({
              type: 'occurrence.cancel',
              source: 'atalaia.gateway',
              aggregateType: 'occurrence',
              subject: occurrenceId,
              commandId: commandIds[index],
              actor,
              data: { occurrenceId, reason: 'more than my roles allow' },
            }),
          ),
        })),
      });
      await producer.disconnect();

      const refused = await waitFor(
        () =>
          countRows(
            system.databases.occurrence.url,
            `SELECT count(*)::int AS n FROM outbox_messages WHERE payload->>'commandId' IN ('${commandIds.join("','")}') AND payload->>'type' = 'command.failed'
               AND payload->'data'->'error'->>'code' = 'PERMISSION_DENIED'`,
          ).then((count) => count === actors.length || undefined),
        { description: 'the three commands refused' },
      );
      expect(refused).toBe(true);
      expect(await footprint('occurrence', occurrenceId)).toEqual(before);
    });
  });
});
