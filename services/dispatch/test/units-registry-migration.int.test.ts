import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const REGISTRY_MIGRATION = '20261206100000_units_registry';

/**
 * Dispatches recorded before the units registry named their unit by free
 * text. The migration registers one unit per distinct code per agency, links
 * every dispatch to it, and keeps one active dispatch per unit.
 */
describe('units registry migration of dispatches named by free text', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let beforeRegistry: string;

  beforeEach(async () => {
    beforeRegistry = await mkdtemp(path.join(tmpdir(), 'dispatch-pre-registry-'));
    for (const name of (await readdir(migrations)).filter((entry) => /^\d+_/.test(entry) && entry < REGISTRY_MIGRATION)) {
      await cp(path.join(migrations, name), path.join(beforeRegistry, name), { recursive: true });
    }
    database = await createTestDatabase('units_migration', beforeRegistry);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
    await database.drop();
    await rm(beforeRegistry, { recursive: true, force: true });
  });

  const legacyDispatch = async (agencyId: string, code: string, status: string, createdAt: string) => {
    const id = randomUUID();
    await client.query(
      `INSERT INTO dispatches (id, occurrence_id, agency_id, resource_code, status, active, created_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, randomUUID(), agencyId, code, status, status === 'closed' ? null : true, createdAt, status === 'closed' ? createdAt : null],
    );
    return id;
  };

  it('when dispatches named by code are migrated, then each agency gets one unit per code, every dispatch is linked, and only the newest active one stays active', async () => {
    const closed = await legacyDispatch('cbm-se', 'ABT-12', 'closed', '2026-01-01T10:00:00Z');
    const older = await legacyDispatch('cbm-se', 'ABT-12', 'en_route', '2026-01-02T10:00:00Z');
    const newer = await legacyDispatch('cbm-se', 'ABT-12', 'on_scene', '2026-01-03T10:00:00Z');
    const otherAgency = await legacyDispatch('cbm-al', 'ABT-12', 'assigned', '2026-01-03T11:00:00Z');
    const oddCode = await legacyDispatch('cbm-se', 'VTR-7', 'closed', '2026-01-04T10:00:00Z');

    await applyMigrations(database.url, migrations);

    const units = (await client.query('SELECT id, agency_id, code, kind, status FROM units ORDER BY agency_id, code')).rows;
    expect(units.map(({ agency_id, code, kind, status }) => [agency_id, code, kind, status])).toEqual([
      ['cbm-al', 'ABT-12', 'ABT', 'assigned'],
      ['cbm-se', 'ABT-12', 'ABT', 'on_scene'],
      ['cbm-se', 'VTR-7', 'OUTRO', 'available'],
    ]);
    const unitOf = (agencyId: string, code: string) => units.find((unit) => unit.agency_id === agencyId && unit.code === code)!.id;
    const dispatches = new Map(
      (await client.query('SELECT id, unit_id, status, close_reason FROM dispatches')).rows.map((row) => [row.id, row]),
    );
    expect([closed, older, newer].map((id) => dispatches.get(id).unit_id)).toEqual(Array(3).fill(unitOf('cbm-se', 'ABT-12')));
    expect(dispatches.get(otherAgency).unit_id).toBe(unitOf('cbm-al', 'ABT-12'));
    expect(dispatches.get(oddCode).unit_id).toBe(unitOf('cbm-se', 'VTR-7'));
    expect(dispatches.get(older)).toMatchObject({ status: 'closed', close_reason: 'superseded_by_units_registry' });
    expect(dispatches.get(newer)).toMatchObject({ status: 'on_scene' });
  });
});
