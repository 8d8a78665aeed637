import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { createServiceApp } from '@atalaia/http';
import { watchOutboxBacklog } from '@atalaia/outbox';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { registerOutboxStatusRoutes } from '../src/http/outbox-status-routes';

const migrations = path.resolve(__dirname, '../../gateway/prisma/migrations');
const logger = createLogger('outbox-status-test', 'silent');

/** The relay's own read of its sources' outboxes, without a relay draining them (so rows stay where they are put). */
describe('relay outbox status', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let app: FastifyInstance;
  let unwatch: () => Promise<void>;
  let leading: string[];

  beforeEach(async () => {
    database = await createTestDatabase('outbox_status', migrations);
    pool = new pg.Pool({ connectionString: database.url });
    unwatch = watchOutboxBacklog([{ name: 'status-test-gateway', databaseUrl: database.url }]);
    app = await createServiceApp({ name: 'relay', logger, healthChecks: {} });
    leading = [];
    await registerOutboxStatusRoutes(app, { leadingSources: () => leading });
  });

  afterEach(async () => {
    await app.close();
    await unwatch();
    await pool.end();
    await database.drop();
  });

  const insertRow = (createdSecondsAgo: number, setAside = false) =>
    pool.query(
      `INSERT INTO outbox_messages (message_id, topic, message_key, payload, headers, created_at, set_aside_at, set_aside_reason)
       VALUES ($1, 't', 'k', '{}', '{}', now() - make_interval(secs => $2), $3, $4)`,
      [randomUUID(), createdSecondsAgo, setAside ? new Date() : null, setAside ? 'MESSAGE_TOO_LARGE' : null],
    );

  const status = async () => (await app.inject({ method: 'GET', url: '/outbox/status' })).json();

  it('when nothing waits, then the source has no backlog and no oldest age', async () => {
    expect(await status()).toEqual({
      outbox: [{ source: 'status-test-gateway', backlog: 0, oldestAgeSeconds: null, setAside: 0 }],
      leading: [],
      checkedAt: expect.any(String),
    });
  });

  it('when this instance holds the leadership lock of a source, then the status names that source as led by it', async () => {
    leading = ['status-test-gateway'];

    expect((await status()).leading).toEqual(['status-test-gateway']);
  });

  it('when rows wait and one was set aside, then the backlog counts the waiting ones, aged by the oldest, and the set-aside one apart', async () => {
    await insertRow(120);
    await insertRow(5);
    await insertRow(600, true);

    const [reading] = (await status()).outbox;

    expect(reading).toMatchObject({ source: 'status-test-gateway', backlog: 2, setAside: 1 });
    expect(reading.oldestAgeSeconds).toBeGreaterThanOrEqual(120);
    expect(reading.oldestAgeSeconds).toBeLessThan(600);
  });

  it('when a source database is unreachable, then the answer is a 503 problem, not a stale figure', async () => {
    await database.drop();

    const answer = await app.inject({ method: 'GET', url: '/outbox/status' });

    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
