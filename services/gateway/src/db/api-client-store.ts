import { randomUUID } from 'node:crypto';
import { issueApiKey } from '../domain/api-key';
import type { ApiScope } from '../domain/api-client';
import type { GatewayPrisma } from './prisma';

export interface ApiClientRecord {
  id: string;
  name: string;
  agencyId: string;
  keyPrefix: string;
  keyHash: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  createdAt: Date;
  rotatedAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface NewApiClient {
  name: string;
  agencyId: string;
  scopes: ApiScope[];
  rateLimitPerMinute: number | null;
}

/** The gateway's access to its API clients. Raw keys are returned once, at issue, and never stored. */
export class ApiClientStore {
  constructor(private readonly prisma: GatewayPrisma) {}

  async create(client: NewApiClient): Promise<{ record: ApiClientRecord; key: string }> {
    const issued = issueApiKey();
    const record = await this.prisma.apiClient.create({
      data: { id: randomUUID(), ...client, keyPrefix: issued.prefix, keyHash: issued.hash },
    });
    return { record, key: issued.key };
  }

  async list(): Promise<ApiClientRecord[]> {
    return this.prisma.apiClient.findMany({ orderBy: { createdAt: 'asc' } });
  }

  async findByPrefix(keyPrefix: string): Promise<ApiClientRecord | null> {
    return this.prisma.apiClient.findUnique({ where: { keyPrefix } });
  }

  /** A new key for the same client; the old one stops working at once. */
  async rotate(id: string): Promise<{ record: ApiClientRecord; key: string } | null> {
    const issued = issueApiKey();
    const updated = await this.prisma.apiClient.updateMany({
      where: { id, revokedAt: null },
      data: { keyPrefix: issued.prefix, keyHash: issued.hash, rotatedAt: new Date() },
    });
    if (updated.count === 0) return null;
    return { record: await this.prisma.apiClient.findUniqueOrThrow({ where: { id } }), key: issued.key };
  }

  async revoke(id: string): Promise<boolean> {
    const updated = await this.prisma.apiClient.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    return updated.count === 1;
  }

  /** Records use at most once a minute per client, to keep authentication off the write path. */
  async touch(id: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE api_clients SET last_used_at = now()
      WHERE id = ${id}::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
  }
}
