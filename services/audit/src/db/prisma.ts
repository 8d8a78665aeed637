import { postgresAdapter } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type AuditPrisma = InstanceType<typeof PrismaClient>;
export type AuditTransaction = Parameters<Parameters<AuditPrisma['$transaction']>[0]>[0];

export function createAuditPrisma(databaseUrl: string): AuditPrisma {
  return new PrismaClient({ adapter: postgresAdapter(databaseUrl) });
}
