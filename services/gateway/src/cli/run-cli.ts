import { z } from 'zod';
import { configFields, loadConfig } from '@atalaia/config';
import { createGatewayPrisma, type GatewayPrisma } from '../db/prisma';
import { UsageError } from './api-clients-command';

/**
 * Runs one command of a gateway CLI (`npm run clients`, `npm run users`) on
 * the gateway's DATABASE_URL: prints its lines, or its error with exit code 2
 * for a usage error and 1 for anything else.
 */
export async function runGatewayCli(command: (prisma: GatewayPrisma, argv: string[]) => Promise<string[]>): Promise<void> {
  const config = loadConfig(z.object({ DATABASE_URL: configFields.databaseUrl() }));
  const prisma = createGatewayPrisma(config.DATABASE_URL);
  try {
    const lines = await command(prisma, process.argv.slice(2));
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await prisma.$disconnect();
  }
}
