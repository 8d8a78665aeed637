import { z } from 'zod';
import { configFields, loadConfig } from '@atalaia/config';
import { argon2PasswordHasher } from '../accounts/password-hashing';
import { createGatewayPrisma } from '../db/prisma';
import { UserStore } from '../db/user-store';
import { UsageError } from './api-clients-command';
import { runUsersCommand } from './users-command';

/** `npm run users -- <command>` (from the repository root) with the gateway's DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig(z.object({ DATABASE_URL: configFields.databaseUrl() }));
  const prisma = createGatewayPrisma(config.DATABASE_URL);
  try {
    const lines = await runUsersCommand(process.argv.slice(2), new UserStore(prisma), argon2PasswordHasher());
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await prisma.$disconnect();
  }
}

void main();
