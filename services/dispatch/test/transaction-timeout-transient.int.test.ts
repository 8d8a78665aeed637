import path from 'node:path';
import { isTransientFailure } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';

const migrations = path.resolve(__dirname, '../prisma/migrations');

/** Proves the classifier against the error Prisma really throws, not a hand-made copy of it. */
describe('transaction timeouts from a real Prisma client', () => {
  let database: TestDatabase;
  let prisma: DispatchPrisma;

  beforeAll(async () => {
    database = await createTestDatabase('dispatch_tx_timeout', migrations);
    prisma = createDispatchPrisma(database.url);
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it('when an interactive transaction outlives its timeout, then Prisma throws P2028 and it is classified transient', async () => {
    const error = await prisma
      .$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_sleep(0.2)`;
          return tx.dispatch.count();
        },
        { timeout: 1 },
      )
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );

    expect(error).toMatchObject({ code: 'P2028' });
    expect(isTransientFailure(error)).toBe(true);
  });
});
