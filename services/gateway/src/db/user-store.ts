import { randomUUID } from 'node:crypto';
import type { Role } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';

export type UserStatus = 'active' | 'disabled';

export interface UserRecord {
  id: string;
  agencyId: string;
  login: string;
  displayName: string;
  roles: Role[];
  status: UserStatus;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  /** The last TOTP time step accepted. */
  totpLastStep: number | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  /** Set when the account signs in by single sign-on: the provider's issuer and subject. */
  ssoIssuer: string | null;
  ssoSubject: string | null;
}

export interface NewUser {
  agencyId: string;
  login: string;
  displayName: string;
  roles: Role[];
  passwordHash: string | null;
  /** The provider identity of an account made by single sign-on. */
  sso?: { issuer: string; subject: string };
}

/** What a reserved sign-in attempt found: the account, with the attempt already counted. */
export interface ReservedAttempt {
  user: UserRecord;
  /** Failed attempts counted so far, this one included: the caller locks the account when it reaches the bound. */
  attempts: number;
}

/** Which account: by its login (the CLI) or its id (the API, whose path names it). */
export type UserSelector = { login: string } | { id: string };

/** One person has one login: NFKC, trimmed, lowercase. */
export function loginKeyOf(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

const userColumns = `id::text, agency_id AS "agencyId", login, display_name AS "displayName", roles, status,
  password_hash AS "passwordHash", totp_secret AS "totpSecret", totp_enabled_at AS "totpEnabledAt", totp_last_step::float8 AS "totpLastStep",
  failed_sign_ins AS "failedSignIns", locked_until AS "lockedUntil", created_at AS "createdAt", last_sign_in_at AS "lastSignInAt",
  sso_issuer AS "ssoIssuer", sso_subject AS "ssoSubject"`;

/** `WHERE` for `selector` as parameter `$1`. */
function selected(selector: UserSelector): { condition: string; value: string } {
  return 'id' in selector ? { condition: 'id = $1::uuid', value: selector.id } : { condition: 'login_key = $1', value: loginKeyOf(selector.login) };
}

/**
 * The gateway's user accounts: the one place their rows are read and
 * written. On the service's Prisma client, or on a transaction of it
 * (`new UserStore(tx)`) when a change and its audit entry commit together.
 */
export class UserStore {
  constructor(private readonly prisma: SqlExecutor) {}

  /** Creates the account, or returns null when its login is taken (in any agency: a login names one person in the installation). */
  async create(user: NewUser): Promise<UserRecord | null> {
    const rows = await this.prisma.$queryRawUnsafe<UserRecord[]>(
      `INSERT INTO users (id, agency_id, login, login_key, display_name, roles, password_hash, sso_issuer, sso_subject)
       VALUES ($1::uuid, $2, $3, $4, $5, $6::text[], $7, $8, $9)
       ON CONFLICT DO NOTHING
       RETURNING ${userColumns}`,
      randomUUID(),
      user.agencyId,
      user.login.normalize('NFKC').trim(),
      loginKeyOf(user.login),
      user.displayName,
      user.roles,
      user.passwordHash,
      user.sso?.issuer ?? null,
      user.sso?.subject ?? null,
    );
    return rows[0] ?? null;
  }

  /** The account a provider's subject signs in as. */
  async findBySsoIdentity(issuer: string, subject: string): Promise<UserRecord | null> {
    const rows = await this.prisma.$queryRawUnsafe<UserRecord[]>(`SELECT ${userColumns} FROM users WHERE sso_issuer = $1 AND sso_subject = $2`, issuer, subject);
    return rows[0] ?? null;
  }

  /**
   * What the provider says now, on a single sign-on: the name, and the roles,
   * whose change ends the account's other sessions as an administrator's would.
   */
  async syncSsoProfile(userId: string, displayName: string, roles: Role[]): Promise<UserRecord | null> {
    const current = await this.findById(userId);
    if (!current) return null;
    const sameRoles = current.roles.length === roles.length && current.roles.every((role, index) => role === roles[index]);
    if (sameRoles && current.displayName === displayName) return current;
    if (sameRoles) {
      const rows = await this.prisma.$queryRawUnsafe<UserRecord[]>(`UPDATE users SET display_name = $2, updated_at = now() WHERE id = $1::uuid RETURNING ${userColumns}`, userId, displayName);
      return rows[0] ?? null;
    }
    return this.changeEndingSessions('roles = $3::text[], display_name = $4', { id: userId }, null, '', roles, displayName);
  }

  async findById(userId: string): Promise<UserRecord | null> {
    const rows = await this.prisma.$queryRawUnsafe<UserRecord[]>(`SELECT ${userColumns} FROM users WHERE id = $1::uuid`, userId);
    return rows[0] ?? null;
  }

  async findByLogin(login: string): Promise<UserRecord | null> {
    const rows = await this.prisma.$queryRawUnsafe<UserRecord[]>(`SELECT ${userColumns} FROM users WHERE login_key = $1`, loginKeyOf(login));
    return rows[0] ?? null;
  }

  /**
   * Counts a sign-in attempt before its password is checked, in one
   * statement: concurrent guesses serialise on the row, so at most
   * `maxAttempts` of them are verified before the account locks. The attempt
   * that reaches the bound locks the account for `lockSeconds` as it is
   * counted, so a process that dies mid-check leaves it locked for a while,
   * never stuck; a correct password clears the lock (`recordSignIn`). A lock
   * that has expired starts a new count. Null for an unknown login, a
   * disabled account and a locked one alike.
   */
  async reserveAttempt(login: string, maxAttempts: number, lockSeconds: number): Promise<ReservedAttempt | null> {
    const attempts = 'CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END';
    const rows = await this.prisma.$queryRawUnsafe<Array<UserRecord>>(
      `UPDATE users SET failed_sign_ins = ${attempts},
         locked_until = CASE WHEN ${attempts} >= $2 THEN now() + make_interval(secs => $3::int) END
       WHERE login_key = $1 AND status = 'active' AND (locked_until IS NULL OR locked_until <= now())
       RETURNING ${userColumns}`,
      loginKeyOf(login),
      maxAttempts,
      lockSeconds,
    );
    const user = rows[0];
    return user ? { user, attempts: user.failedSignIns } : null;
  }

  /** The attempt succeeded: its count and any lock are cleared. */
  async recordSignIn(userId: string): Promise<void> {
    await this.prisma.$executeRawUnsafe(
      'UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = now() WHERE id = $1::uuid',
      userId,
    );
  }

  /** Records that a TOTP code of `step` was used, once: false when that step or a later one already was (a replay, or a concurrent use). */
  async acceptTotpStep(userId: string, step: number): Promise<boolean> {
    const updated = await this.prisma.$executeRawUnsafe(
      'UPDATE users SET totp_last_step = $2::bigint WHERE id = $1::uuid AND (totp_last_step IS NULL OR totp_last_step < $2::bigint)',
      userId,
      step,
    );
    return updated === 1;
  }

  /**
   * Keeps `secret` as the account's pending second factor, until a code of it
   * confirms it (`enableTotp`); a new enrolment replaces a pending one. False
   * when the account already has a second factor or is not active.
   */
  async beginTotp(userId: string, secret: string): Promise<boolean> {
    const updated = await this.prisma.$executeRawUnsafe(
      `UPDATE users SET totp_secret = $2, totp_last_step = NULL, updated_at = now()
       WHERE id = $1::uuid AND totp_enabled_at IS NULL AND status = 'active'`,
      userId,
      secret,
    );
    return updated === 1;
  }

  /** Removes the second factor (a lost phone) and ends the account's sessions, in one statement; as `disable` for `agencyId`. */
  async removeTotp(selector: UserSelector, agencyId: string | null): Promise<UserRecord | null> {
    return this.changeEndingSessions('totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL', selector, agencyId, 'AND totp_enabled_at IS NOT NULL');
  }

  /** Turns the second factor on with `secret`, for an account that has none yet. */
  async enableTotp(userId: string, secret: string, step: number): Promise<boolean> {
    const updated = await this.prisma.$executeRawUnsafe(
      `UPDATE users SET totp_secret = $2, totp_enabled_at = now(), totp_last_step = $3::bigint, updated_at = now()
       WHERE id = $1::uuid AND totp_enabled_at IS NULL`,
      userId,
      secret,
      step,
    );
    return updated === 1;
  }

  /**
   * The account `selector` names, within `agencyId` (null: any agency);
   * another agency's account is not found. `lock` holds the row until the
   * transaction ends, so what a decision read is what its change applies to.
   */
  async find(selector: UserSelector, agencyId: string | null, { lock = false } = {}): Promise<UserRecord | null> {
    const { condition, value } = selected(selector);
    const rows = await this.prisma.$queryRawUnsafe<UserRecord[]>(
      `SELECT ${userColumns} FROM users WHERE ${condition} AND ($2::text IS NULL OR agency_id = $2)${lock ? ' FOR UPDATE' : ''}`,
      value,
      agencyId,
    );
    return rows[0] ?? null;
  }

  /**
   * Sets the password of an active account, clears its failed attempts and
   * lock, and ends its sessions (a reset is often because someone else knew
   * the old one), in one statement. Null when the account is not active.
   */
  async setPassword(userId: string, passwordHash: string): Promise<UserRecord | null> {
    return this.changeEndingSessions('password_hash = $3, failed_sign_ins = 0, locked_until = NULL', { id: userId }, null, "AND status = 'active'", passwordHash);
  }

  /** Every account of `agencyId`, or of every agency. */
  async list(agencyId?: string): Promise<UserRecord[]> {
    return agencyId
      ? this.prisma.$queryRawUnsafe<UserRecord[]>(`SELECT ${userColumns} FROM users WHERE agency_id = $1 ORDER BY login_key`, agencyId)
      : this.prisma.$queryRawUnsafe<UserRecord[]>(`SELECT ${userColumns} FROM users ORDER BY agency_id, login_key`);
  }

  /**
   * Disables an active account and ends its sessions, in one statement.
   * `agencyId` (an administrator's own agency) confines it; null for the
   * platform. Returns the account, or null when none matched.
   */
  async disable(selector: UserSelector, agencyId: string | null): Promise<UserRecord | null> {
    return this.changeEndingSessions("status = 'disabled'", selector, agencyId, "AND status = 'active'");
  }

  /** Replaces an account's roles and ends its sessions, in one statement; as `disable` for `agencyId`. */
  async setRoles(selector: UserSelector, roles: Role[], agencyId: string | null): Promise<UserRecord | null> {
    return this.changeEndingSessions('roles = $3::text[]', selector, agencyId, '', roles);
  }

  private async changeEndingSessions(assignment: string, selector: UserSelector, agencyId: string | null, condition: string, ...more: unknown[]): Promise<UserRecord | null> {
    const { condition: which, value } = selected(selector);
    const rows = await this.prisma.$queryRawUnsafe<UserRecord[]>(
      `WITH changed AS (
         UPDATE users SET ${assignment}, updated_at = now()
         WHERE ${which} AND ($2::text IS NULL OR agency_id = $2) ${condition}
         RETURNING ${userColumns}
       ), ended AS (DELETE FROM console_sessions WHERE user_id IN (SELECT id::uuid FROM changed))
       SELECT * FROM changed`,
      value,
      agencyId,
      ...more,
    );
    return rows[0] ?? null;
  }
}
