import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '@atalaia/testing';
import { applyMigrations, MigrationChecksumError, readMigrations } from '../src';

const gatewayMigrations = path.resolve(__dirname, '../../../services/gateway/prisma/migrations');

async function recorded(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count FROM "_prisma_migrations"',
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('migration runner', () => {
  it('when migrations are applied, then each is recorded in _prisma_migrations as Prisma records it', async () => {
    const database = await createTestDatabase('migrations_record');
    try {
      const migrations = await readMigrations(gatewayMigrations);
      expect(await applyMigrations(database.url, gatewayMigrations)).toEqual(migrations.map((migration) => migration.name));
      expect(await recorded(database.url)).toEqual(
        migrations.map((migration) => ({
          migration_name: migration.name,
          checksum: migration.checksum,
          finished: true,
          applied_steps_count: 1,
        })),
      );
    } finally {
      await database.drop();
    }
  });

  it('when applied a second time, then nothing is applied again', async () => {
    const database = await createTestDatabase('migrations_twice', gatewayMigrations);
    try {
      expect(await applyMigrations(database.url, gatewayMigrations)).toEqual([]);
      expect(await recorded(database.url)).toHaveLength((await readMigrations(gatewayMigrations)).length);
    } finally {
      await database.drop();
    }
  });

  it('when an applied migration file was edited, then applying refuses with a checksum error', async () => {
    const database = await createTestDatabase('migrations_edited', gatewayMigrations);
    const copy = await mkdtemp(path.join(tmpdir(), 'atalaia-migrations-'));
    try {
      await cp(gatewayMigrations, copy, { recursive: true });
      const [migration] = await readMigrations(copy);
      const file = path.join(copy, migration!.name, 'migration.sql');
      await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited\n`);
      await expect(applyMigrations(database.url, copy)).rejects.toThrow(MigrationChecksumError);
    } finally {
      await database.drop();
    }
  });
});
