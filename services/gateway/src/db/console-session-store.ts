import type { GatewayPrisma } from './prisma';

export interface ConsoleSessionRecord {
  tokenHash: string;
  clientId: string;
  agencyId: string;
  scopes: string[];
  keyPrefix: string | null;
  keyHash: string | null;
  /** Set for a person's session (then the key fields are null). */
  userId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export type NewConsoleSession = Omit<ConsoleSessionRecord, 'createdAt'>;

/** The gateway's console sessions, found by the sha-256 of their cookie token. */
export class ConsoleSessionStore {
  constructor(private readonly prisma: GatewayPrisma) {}

  async create(session: NewConsoleSession): Promise<ConsoleSessionRecord> {
    return this.prisma.consoleSession.create({ data: session });
  }

  async find(tokenHash: string): Promise<ConsoleSessionRecord | null> {
    return this.prisma.consoleSession.findUnique({ where: { tokenHash } });
  }

  async delete(tokenHash: string): Promise<void> {
    await this.prisma.consoleSession.deleteMany({ where: { tokenHash } });
  }

  /** Ends every session of a person: on a disable or a role change. */
  async deleteForUser(userId: string): Promise<number> {
    return (await this.prisma.consoleSession.deleteMany({ where: { userId } })).count;
  }
}
