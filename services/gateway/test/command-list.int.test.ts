import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { CommandStore } from '../src/db/command-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { occurrenceCommand } from './command-requests';
import { buildConsoleTestApp, type ConsoleTestApp } from './console-test-app';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const DEV_KEY = 'dev-key-for-the-command-list';
const devClient = { id: 'dev-client', agencyId: 'dev-agency', scopes: [], rateLimitPerMinute: null };
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('listing commands', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let gateway: ConsoleTestApp;
  const list = (query = '') => gateway.app.inject({ url: `/api/commands${query}`, headers: { 'x-api-key': DEV_KEY } });

  beforeAll(async () => {
    database = await createTestDatabase('command_list', migrations);
    prisma = createGatewayPrisma(database.url);
    gateway = await buildConsoleTestApp(prisma, { devKey: DEV_KEY });
    const store = new CommandStore(prisma);
    await store.accept(occurrenceCommand('OTHER-CLIENT'));
    const first = await store.accept(occurrenceCommand('FIRST', { client: devClient, correlationId: 'corr-1' }));
    await prisma.command.update({ where: { id: first.commandId }, data: { createdAt: new Date(Date.now() - 1_000) } });
    await store.accept(occurrenceCommand('SECOND', { client: devClient, traceparent: `00-${traceId}-00f067aa0ba902b7-01` }));
  });

  afterAll(async () => {
    await gateway.close();
    await prisma.$disconnect();
    await database.drop();
  });

  it("when a client lists its commands, then it gets its own, newest first, with correlation and trace ids", async () => {
    const response = await list();

    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(data.map((command: { commandId: string; correlationId: string | null; traceId: string | null }) => [command.correlationId, command.traceId])).toEqual([
      [null, traceId],
      ['corr-1', null],
    ]);
    expect(data[0]).toMatchObject({ type: 'occurrence.create_or_update', status: 'pending', acceptedAt: expect.any(String) });
  });

  it('when a limit is given, then at most that many come back; a limit out of 1..100 or an unknown parameter is a 400', async () => {
    expect((await list('?limit=1')).json().data).toHaveLength(1);
    expect((await list('?limit=0')).statusCode).toBe(400);
    expect((await list('?limit=101')).statusCode).toBe(400);
    expect((await list('?status=pending')).json().code).toBe('VALIDATION_FAILED');
  });

  it('when a command is read by id, then it carries its trace id too', async () => {
    const [newest] = (await list('?limit=1')).json().data;

    const response = await gateway.app.inject({ url: `/api/commands/${newest.commandId}`, headers: { 'x-api-key': DEV_KEY } });

    expect(response.json()).toMatchObject({ commandId: newest.commandId, traceId, correlationId: null });
  });
});
