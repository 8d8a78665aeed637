import { z } from 'zod';
import { configFields, loadConfig } from '@atalaia/config';
import { topicNames, type Topics } from '@atalaia/contracts';
import { createGatewayPrisma, type GatewayPrisma } from '../db/prisma';
import { UsageError } from './api-clients-command';

/**
 * Runs one command of a gateway CLI (`npm run clients`, `npm run users`) on
 * the gateway's DATABASE_URL: prints its lines, or its error with exit code 2
 * for a usage error and 1 for anything else.
 */
export async function runGatewayCli(command: (prisma: GatewayPrisma, argv: string[], topics: Topics) => Promise<string[]>): Promise<void> {
  const config = loadConfig(z.object({ DATABASE_URL: configFields.databaseUrl(), KAFKA_TOPIC_NAMESPACE: configFields.topicNamespace() }));
  const prisma = createGatewayPrisma(config.DATABASE_URL);
  try {
    const lines = await command(prisma, process.argv.slice(2), topicNames(config.KAFKA_TOPIC_NAMESPACE));
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    await prisma.$disconnect();
  }
}
