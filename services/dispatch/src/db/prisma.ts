import { postgresAdapter } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type DispatchPrisma = InstanceType<typeof PrismaClient>;
export type DispatchTransaction = Parameters<Parameters<DispatchPrisma['$transaction']>[0]>[0];

export function createDispatchPrisma(databaseUrl: string): DispatchPrisma {
  return new PrismaClient({ adapter: postgresAdapter(databaseUrl) });
}
