import path from 'node:path';
import { createPostgresPool, endPostgresPool, pgTransactions, type PostgresPool, type TransactionRunner } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { OccurrenceRepository } from '../src/db/occurrence-repository';
import { createOccurrencePrisma, type OccurrencePrisma } from '../src/db/prisma';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const fields = {
  type: 'resgate',
  description: 'Pessoa presa em elevador',
  reportedAt: new Date('2026-02-01T17:32:00.123Z'),
  location: { address: 'Rua Augusta, 100', latitude: -23.5505, longitude: -46.6333, municipality: 'São Paulo', region: 'SP-CENTRO', geocoded: false },
  priority: 7,
};
const acceptedAt = new Date('2026-02-01T17:32:05.001Z');

/** The consumer path reads and writes with raw SQL; what it returns must be exactly what Prisma reads, or event snapshots would drift. */
describe('occurrence repository, consumer path', () => {
  let database: TestDatabase;
  let pool: PostgresPool;
  let prisma: OccurrencePrisma;
  let transaction: TransactionRunner;
  let repository: OccurrenceRepository;

  beforeEach(async () => {
    database = await createTestDatabase('occurrence_repository', migrations);
    pool = createPostgresPool(database.url);
    prisma = createOccurrencePrisma(pool);
    transaction = pgTransactions(pool);
    repository = new OccurrenceRepository(prisma);
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await endPostgresPool(pool);
    await database.drop();
  });

  /** The read path: Prisma's row, shaped by the same repository. */
  const readWithPrisma = async (id: string) => (await repository.findById(id))!;

  it('when an occurrence is inserted, then the returned row equals the Prisma row, field for field and in the same order', async () => {
    const inserted = await transaction((tx) => repository.insert(tx, 'agency', 'EXT-1', fields, acceptedAt));

    const stored = await readWithPrisma(inserted.id);
    expect(inserted).toEqual(stored);
    expect(Object.keys(inserted)).toEqual(Object.keys(stored));
    expect(inserted).toMatchObject({ ...fields, acceptedAt, status: 'reported', version: 1, statusReason: null, startedAt: null, closedAt: null });
  });

  it('when an occurrence is updated, then only the given fields change, the version goes up by one, and the row equals the Prisma row', async () => {
    const inserted = await transaction((tx) => repository.insert(tx, 'agency', 'EXT-1', fields, acceptedAt));
    const closedAt = new Date('2026-02-02T08:00:00.456Z');

    const updated = await transaction((tx) =>
      repository.update(tx, inserted.id, { status: 'cancelled', statusReason: null, closedAt, description: undefined }),
    );

    expect(updated).toEqual(await readWithPrisma(inserted.id));
    expect(updated).toMatchObject({ ...fields, status: 'cancelled', statusReason: null, closedAt, startedAt: null, version: 2 });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(inserted.updatedAt.getTime());
  });

  it('when the place is changed or cleared, then all its columns are written, and a priority change leaves the place alone', async () => {
    const inserted = await transaction((tx) => repository.insert(tx, 'agency', 'EXT-1', fields, acceptedAt));
    const moved = { address: null, latitude: -22.9, longitude: -43.2, municipality: null, region: null, geocoded: true };

    const afterMove = await transaction((tx) => repository.update(tx, inserted.id, { location: moved }));
    const afterPriority = await transaction((tx) => repository.update(tx, inserted.id, { priority: 2 }));
    const afterClear = await transaction((tx) => repository.update(tx, inserted.id, { location: null }));

    expect(afterMove.location).toEqual(moved);
    expect(afterPriority).toMatchObject({ location: moved, priority: 2 });
    expect(afterClear).toMatchObject({ location: null, priority: 2 });
    expect(afterClear).toEqual(await readWithPrisma(inserted.id));
  });

  it('when a row breaks the place rules, then the table refuses it whatever the writer', async () => {
    const inserted = await transaction((tx) => repository.insert(tx, 'agency', 'EXT-1', fields, acceptedAt));
    const broken = [
      `UPDATE occurrences SET latitude = 91 WHERE id = $1::uuid`,
      `UPDATE occurrences SET longitude = NULL WHERE id = $1::uuid`,
      `UPDATE occurrences SET priority = 11 WHERE id = $1::uuid`,
    ];
    for (const statement of broken) await expect(pool.query(statement, [inserted.id])).rejects.toThrow(/check constraint/);
  });

  it('when an occurrence is locked by id or by external id, then the row read equals the Prisma row; an unknown one is null', async () => {
    const inserted = await transaction((tx) => repository.insert(tx, 'agency', 'EXT-1', fields, acceptedAt));
    const stored = await readWithPrisma(inserted.id);

    const [byId, byExternalId, unknown] = await transaction(async (tx) => [
      await repository.lockById(tx, inserted.id),
      await repository.lockByExternalId(tx, 'agency', 'EXT-1'),
      await repository.lockByExternalId(tx, 'other-agency', 'EXT-1'),
    ]);

    expect(byId).toEqual(stored);
    expect(byExternalId).toEqual(stored);
    expect(unknown).toBeNull();
  });
});
