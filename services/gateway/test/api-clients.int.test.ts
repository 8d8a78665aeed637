import path from 'node:path';
import pg from 'pg';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, waitFor, type TestDatabase } from '@atalaia/testing';
import { runApiClientsCommand, UsageError } from '../src/cli/api-clients-command';
import { ApiClientStore } from '../src/db/api-client-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { StoredClientResolver } from '../src/http/api-client-resolvers';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const keyIn = (lines: string[]) => /API key \(shown once, store it now\): (\S+)/.exec(lines.join('\n'))![1]!;
const idIn = (lines: string[]) => lines[0]!.split(/\s+/)[0]!;

describe('API clients: CLI and authentication', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let store: ApiClientStore;
  let resolver: StoredClientResolver;
  const cli = (...argv: string[]) => runApiClientsCommand(argv, store);

  beforeEach(async () => {
    database = await createTestDatabase('api_clients', migrations);
    prisma = createGatewayPrisma(database.url);
    store = new ApiClientStore(prisma);
    resolver = new StoredClientResolver(store, createLogger('test', 'silent'));
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it('when a client is created, then its key is printed once, only its hash is stored, and the key authenticates it', async () => {
    const lines = await cli('create', '--name', 'CIOPS Aracaju', '--agency', 'cbm-se', '--scopes', 'occurrences:write,read', '--rate-limit', '120');
    const key = keyIn(lines);

    const client = await resolver.resolve(key);
    expect(client).toEqual({ id: idIn(lines), agencyId: 'cbm-se', scopes: ['occurrences:write', 'read'], rateLimitPerMinute: 120 });
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    const { rows } = await raw.query('SELECT * FROM api_clients');
    await raw.end();
    expect(JSON.stringify(rows)).not.toContain(key.slice(13));
    expect(rows[0]).toMatchObject({ key_prefix: key.slice(0, 12), name: 'CIOPS Aracaju' });
  });

  it('when clients are listed, then each shows prefix, agency, scopes and timestamps but never a key', async () => {
    const key = keyIn(await cli('create', '--name', 'Defesa Civil', '--agency', 'dc-se'));
    await resolver.resolve(key);

    // Use is recorded off the request path, so wait for it to land.
    const listing = await waitFor(async () => {
      const lines = await cli('list');
      return !lines[0]!.includes('last used never') && lines;
    }, { description: 'last use recorded' });

    expect(listing).toHaveLength(1);
    expect(listing[0]).toContain(key.slice(0, 12));
    expect(listing[0]).toContain('dc-se');
    expect(listing[0]).toContain('occurrences:write,dispatches:write,units:write,read,audit:read');
    expect(listing[0]).not.toContain(key.slice(13));
  });

  it('when a key is rotated, then the old key stops working and the new one works for the same client', async () => {
    const created = await cli('create', '--name', 'PM', '--agency', 'pm-se');
    const rotated = await cli('rotate', idIn(created));

    expect(await resolver.resolve(keyIn(created))).toBeNull();
    expect(await resolver.resolve(keyIn(rotated))).toMatchObject({ id: idIn(created), agencyId: 'pm-se' });
  });

  it('when a client is revoked, then its key no longer authenticates and it shows as revoked', async () => {
    const created = await cli('create', '--name', 'SAMU', '--agency', 'samu-se');

    await cli('revoke', idIn(created));

    expect(await resolver.resolve(keyIn(created))).toBeNull();
    expect((await cli('list'))[0]).toContain('revoked');
    await expect(cli('rotate', idIn(created))).rejects.toThrow(UsageError);
  });

  it('when arguments are wrong, then the CLI refuses with a usage error and creates nothing', async () => {
    await expect(cli('create', '--name', 'x')).rejects.toThrow(UsageError);
    await expect(cli('create', '--name', 'x', '--agency', 'a', '--scopes', 'everything')).rejects.toThrow(/unknown scope/);
    await expect(cli('create', '--name', 'x', '--agency', 'a', '--rate-limit', '0')).rejects.toThrow(UsageError);
    await expect(cli('launch')).rejects.toThrow(/usage/);
    expect(await cli('list')).toEqual([]);
  });

  it('when a presented key is malformed or unknown, then no client is found', async () => {
    await cli('create', '--name', 'x', '--agency', 'a');
    expect(await resolver.resolve('atk_00000000_' + 'a'.repeat(43))).toBeNull();
    expect(await resolver.resolve("' OR 1=1 --")).toBeNull();
  });
});
