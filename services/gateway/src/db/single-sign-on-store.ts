import type { SqlExecutor } from '@atalaia/database';
import type { RoleMapping } from '../domain/claim-roles';

/** An agency's OpenID Connect provider. */
export interface IdentityProviderRecord {
  agencyId: string;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  rolesClaim: string;
  roleMapping: RoleMapping;
}

/** A sign-in on its way through the provider. */
export interface PendingSignIn {
  agencyId: string;
  codeVerifier: string;
  nonce: string;
  redirectUri: string;
}

const providerColumns = `agency_id AS "agencyId", display_name AS "displayName", issuer, client_id AS "clientId", client_secret AS "clientSecret",
  roles_claim AS "rolesClaim", role_mapping AS "roleMapping"`;

/** Single sign-on's rows: the agencies' providers and the sign-ins in flight. The one place they are read and written. */
export class SingleSignOnStore {
  constructor(private readonly db: SqlExecutor) {}

  async provider(agencyId: string): Promise<IdentityProviderRecord | null> {
    const rows = await this.db.$queryRawUnsafe<IdentityProviderRecord[]>(`SELECT ${providerColumns} FROM identity_providers WHERE agency_id = $1`, agencyId);
    return rows[0] ?? null;
  }

  async providers(): Promise<IdentityProviderRecord[]> {
    return this.db.$queryRawUnsafe<IdentityProviderRecord[]>(`SELECT ${providerColumns} FROM identity_providers ORDER BY agency_id`);
  }

  /** Sets an agency's provider, replacing the one it had. */
  async saveProvider(provider: IdentityProviderRecord): Promise<void> {
    await this.db.$executeRawUnsafe(
      `INSERT INTO identity_providers (agency_id, display_name, issuer, client_id, client_secret, roles_claim, role_mapping)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (agency_id) DO UPDATE SET display_name = EXCLUDED.display_name, issuer = EXCLUDED.issuer, client_id = EXCLUDED.client_id,
         client_secret = EXCLUDED.client_secret, roles_claim = EXCLUDED.roles_claim, role_mapping = EXCLUDED.role_mapping, updated_at = now()`,
      provider.agencyId,
      provider.displayName,
      provider.issuer,
      provider.clientId,
      provider.clientSecret,
      provider.rolesClaim,
      JSON.stringify(provider.roleMapping),
    );
  }

  async removeProvider(agencyId: string): Promise<boolean> {
    return (await this.db.$executeRawUnsafe('DELETE FROM identity_providers WHERE agency_id = $1', agencyId)) === 1;
  }

  async beginSignIn(stateHash: string, pending: PendingSignIn, expiresAt: Date): Promise<void> {
    await this.db.$executeRawUnsafe(
      'INSERT INTO sso_sign_ins (state_hash, agency_id, code_verifier, nonce, redirect_uri, expires_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz)',
      stateHash,
      pending.agencyId,
      pending.codeVerifier,
      pending.nonce,
      pending.redirectUri,
      expiresAt.toISOString(),
    );
  }

  /** Takes the sign-in a callback's state names, once: a replayed or late callback finds nothing. */
  async takeSignIn(stateHash: string): Promise<PendingSignIn | null> {
    const rows = await this.db.$queryRawUnsafe<Array<PendingSignIn & { live: boolean }>>(
      `DELETE FROM sso_sign_ins WHERE state_hash = $1
       RETURNING agency_id AS "agencyId", code_verifier AS "codeVerifier", nonce, redirect_uri AS "redirectUri", expires_at > now() AS live`,
      stateHash,
    );
    const row = rows[0];
    return row?.live ? { agencyId: row.agencyId, codeVerifier: row.codeVerifier, nonce: row.nonce, redirectUri: row.redirectUri } : null;
  }
}
