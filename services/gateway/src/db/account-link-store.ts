import type { SqlExecutor } from '@atalaia/database';
import type { AccountLinkPurpose } from '../domain/account-link';

export interface AccountLinkRecord {
  userId: string;
  purpose: AccountLinkPurpose;
  expiresAt: Date;
}

export interface NewAccountLink {
  tokenHash: string;
  userId: string;
  purpose: AccountLinkPurpose;
  createdBy: string;
  expiresAt: Date;
}

/** One-time password links: the one place their rows are read and written. On Prisma, or on a transaction of it. */
export class AccountLinkStore {
  constructor(private readonly db: SqlExecutor) {}

  /** Issues a link, replacing every unused link of the same account: only the newest one handed out works. */
  async issue(link: NewAccountLink): Promise<void> {
    await this.db.$executeRawUnsafe('DELETE FROM account_links WHERE user_id = $1::uuid AND used_at IS NULL', link.userId);
    await this.db.$executeRawUnsafe(
      'INSERT INTO account_links (token_hash, user_id, purpose, created_by, expires_at) VALUES ($1, $2::uuid, $3, $4, $5::timestamptz)',
      link.tokenHash,
      link.userId,
      link.purpose,
      link.createdBy,
      link.expiresAt.toISOString(),
    );
  }

  /** The link if it can still be used: unused and unexpired. */
  async findUsable(tokenHash: string): Promise<AccountLinkRecord | null> {
    const rows = await this.db.$queryRawUnsafe<AccountLinkRecord[]>(
      `SELECT user_id::text AS "userId", purpose, expires_at AS "expiresAt" FROM account_links
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
      tokenHash,
    );
    return rows[0] ?? null;
  }

  /** Uses the link, once: of two concurrent uses, one gets the link and the other null. */
  async use(tokenHash: string): Promise<AccountLinkRecord | null> {
    const rows = await this.db.$queryRawUnsafe<AccountLinkRecord[]>(
      `UPDATE account_links SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
       RETURNING user_id::text AS "userId", purpose, expires_at AS "expiresAt"`,
      tokenHash,
    );
    return rows[0] ?? null;
  }
}
