import { postgresAdapter } from '@atalaia/database';
import { PrismaClient } from './generated/client';

export type GatewayPrisma = InstanceType<typeof PrismaClient>;
export type GatewayTransaction = Parameters<Parameters<GatewayPrisma['$transaction']>[0]>[0];

export function createGatewayPrisma(databaseUrl: string): GatewayPrisma {
  return new PrismaClient({ adapter: postgresAdapter(databaseUrl) });
}
