import { postgresAdapter } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type OccurrencePrisma = InstanceType<typeof PrismaClient>;
export type OccurrenceTransaction = Parameters<Parameters<OccurrencePrisma['$transaction']>[0]>[0];

export function createOccurrencePrisma(databaseUrl: string): OccurrencePrisma {
  return new PrismaClient({ adapter: postgresAdapter(databaseUrl) });
}
