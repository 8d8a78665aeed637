import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase } from '@atalaia/testing';
import { schemaShapeFromDatabase, schemaShapeFromPrisma } from '../src';

const servicesDir = path.resolve(__dirname, '../../../services');
const servicesWithSchemas = readdirSync(servicesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((name) => readdirSync(path.join(servicesDir, name)).includes('prisma'));

describe('SQL migrations match the Prisma schemas', () => {
  it('finds every service with a Prisma schema', () => {
    expect(servicesWithSchemas).toEqual(expect.arrayContaining(['audit', 'dispatch', 'gateway', 'occurrence']));
  });

  it.each(servicesWithSchemas)(
    'when the %s migrations are applied to an empty database, then tables, columns, types, nullability, keys and indexes equal the Prisma schema',
    async (service) => {
      const prismaDir = path.join(servicesDir, service, 'prisma');
      const database = await createTestDatabase(`drift_${service}`, path.join(prismaDir, 'migrations'));
      try {
        const expected = await schemaShapeFromPrisma(path.join(prismaDir, 'schema.prisma'));
        expect(await schemaShapeFromDatabase(database.url)).toEqual(expected);
      } finally {
        await database.drop();
      }
    },
  );
});
