import { z } from 'zod';
import { configFields, loadConfig } from '@atalaia/config';
import { ApiClientStore } from '../db/api-client-store';
import { createGatewayPrisma } from '../db/prisma';
import { runApiClientsCommand, UsageError } from './api-clients-command';

/** `npm run clients -- <command>` (from the repository root) with the gateway's DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig(z.object({ DATABASE_URL: configFields.databaseUrl() }));
  const prisma = createGatewayPrisma(config.DATABASE_URL);
  try {
    const lines = await runApiClientsCommand(process.argv.slice(2), new ApiClientStore(prisma));
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await prisma.$disconnect();
  }
}

void main();
