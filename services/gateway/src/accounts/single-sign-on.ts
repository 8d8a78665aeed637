import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { ProblemError } from '@atalaia/http';
import type { GatewayPrisma } from '../db/prisma';
import { SingleSignOnStore, type IdentityProviderRecord } from '../db/single-sign-on-store';
import { UserStore, type UserRecord } from '../db/user-store';
import { rolesFromClaims } from '../domain/claim-roles';

/** How long a person may take at their provider before the sign-in must start again. */
export const SSO_SIGN_IN_TTL_SECONDS = 600;
/** How long a provider's discovered configuration (endpoints, keys' location) is reused. */
const DISCOVERY_TTL_MS = 5 * 60_000;

/** Why a single sign-on did not sign anyone in: the console explains each. */
export type SsoRefusal =
  /** The callback's state is unknown, used or expired: started elsewhere, replayed, or too slow. */
  | 'SSO_STATE_INVALID'
  /** The provider refused or the code exchange failed (the provider said why in the log). */
  | 'SSO_FAILED'
  /** The provider's claims give none of the agency's roles. */
  | 'SSO_NO_ROLE'
  /** The account exists and an administrator disabled it. */
  | 'SSO_ACCOUNT_DISABLED';

export class SsoRefused extends Error {
  override readonly name = 'SsoRefused';
  constructor(
    readonly code: SsoRefusal,
    detail: string,
    /** The account the refusal concerns, when there is one: the refusal is audited under its agency. */
    readonly user: UserRecord | null = null,
  ) {
    super(detail);
  }
}

/** Only a provider on this machine may be spoken to over plain http (development, tests). */
function isLoopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * Single sign-on by OpenID Connect, authorization code with PKCE (S256),
 * state and nonce, through `openid-client`. Each agency names its provider;
 * a person is their provider's (issuer, subject): the first sign-in makes
 * the account, every sign-in takes the display name and the roles from the
 * claims (the provider is where their roles are kept), and a disabled
 * account stays refused whatever the provider says.
 */
export class SingleSignOn {
  private readonly store: SingleSignOnStore;
  private readonly users: UserStore;
  private readonly discovered = new Map<string, { configuration: Promise<oidc.Configuration>; at: number }>();

  constructor(
    private readonly prisma: GatewayPrisma,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new SingleSignOnStore(prisma);
    this.users = new UserStore(prisma);
  }

  /** The agencies that sign in by single sign-on, for the sign-in page's buttons. */
  async providers(): Promise<Array<{ agencyId: string; displayName: string }>> {
    return (await this.store.providers()).map(({ agencyId, displayName }) => ({ agencyId, displayName }));
  }

  /** Where to send the browser: the agency's provider, with a fresh state, nonce and PKCE challenge remembered for the callback. */
  async start(agencyId: string, redirectUri: string): Promise<URL> {
    const provider = await this.store.provider(agencyId);
    if (!provider) throw new ProblemError(404, 'SSO_NOT_CONFIGURED', 'The agency has no single sign-on', 'sign in with a login and password, or ask the platform to configure the agency’s provider');
    const configuration = await this.configurationOf(provider).catch((error: unknown) => {
      throw new ProblemError(503, 'SSO_PROVIDER_UNAVAILABLE', 'The agency’s identity provider did not answer', `its discovery failed: ${(error as Error).message}`);
    });
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.store.beginSignIn(digest(state), { agencyId, codeVerifier, nonce, redirectUri }, new Date(this.now() + SSO_SIGN_IN_TTL_SECONDS * 1000));
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      response_type: 'code',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Finishes the sign-in the callback's `state` names: exchanges the code
   * (with the PKCE verifier), checks the ID token (issuer, audience, nonce,
   * signature), reads the claims (the ID token's and the userinfo's) and
   * returns the account, made or brought up to date.
   */
  async finish(query: URLSearchParams): Promise<UserRecord> {
    const state = query.get('state');
    const pending = state ? await this.store.takeSignIn(digest(state)) : null;
    if (!state || !pending) throw new SsoRefused('SSO_STATE_INVALID', 'the sign-in was not started here, was already finished, or took too long');
    const provider = await this.store.provider(pending.agencyId);
    if (!provider) throw new SsoRefused('SSO_FAILED', 'the agency no longer has single sign-on');
    const callback = new URL(pending.redirectUri);
    callback.search = query.toString();
    let claims: Record<string, unknown>;
    try {
      const configuration = await this.configurationOf(provider);
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: pending.codeVerifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true });
      const idToken = tokens.claims()!;
      const userInfo = configuration.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub) : {};
      claims = { ...userInfo, ...idToken };
    } catch (error) {
      throw new SsoRefused('SSO_FAILED', (error as Error).message);
    }
    return this.accountFor(provider, claims);
  }

  private async accountFor(provider: IdentityProviderRecord, claims: Record<string, unknown>): Promise<UserRecord> {
    const subject = String(claims.sub);
    const roles = rolesFromClaims(claims, provider.rolesClaim, provider.roleMapping);
    const displayName = stringClaim(claims, 'name') ?? stringClaim(claims, 'preferred_username') ?? subject;
    const existing = await this.users.findBySsoIdentity(provider.issuer, subject);
    if (existing?.status === 'disabled') throw new SsoRefused('SSO_ACCOUNT_DISABLED', 'an administrator disabled the account', existing);
    if (roles.length === 0) throw new SsoRefused('SSO_NO_ROLE', `the provider's claim ${provider.rolesClaim} gives none of the agency's roles`);
    if (existing) return (await this.users.syncSsoProfile(existing.id, displayName, roles))!;
    const name = stringClaim(claims, 'preferred_username') ?? subject;
    const sso = { issuer: provider.issuer, subject };
    // Single sign-on logins hold a slash, which a login given to the API cannot: they never collide with a local one.
    const created =
      (await this.users.create({ agencyId: provider.agencyId, login: `${provider.agencyId}/${name}`, displayName, roles, passwordHash: null, sso })) ??
      (await this.users.create({ agencyId: provider.agencyId, login: `${provider.agencyId}/${subject}`, displayName, roles, passwordHash: null, sso }));
    // Two first sign-ins of one subject at once: the other made the account.
    return created ?? (await this.users.findBySsoIdentity(provider.issuer, subject))!;
  }

  private configurationOf(provider: IdentityProviderRecord): Promise<oidc.Configuration> {
    const key = `${provider.agencyId}\n${provider.issuer}\n${provider.clientId}\n${provider.clientSecret}`;
    const cached = this.discovered.get(key);
    if (cached && this.now() - cached.at < DISCOVERY_TTL_MS) return cached.configuration;
    const issuer = new URL(provider.issuer);
    // client_secret_basic: the method every provider must support (RFC 6749 §2.3.1).
    const configuration = oidc.discovery(issuer, provider.clientId, undefined, oidc.ClientSecretBasic(provider.clientSecret), isLoopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined);
    // A failed discovery is asked again next time, not remembered.
    configuration.catch(() => this.discovered.delete(key));
    this.discovered.set(key, { configuration, at: this.now() });
    return configuration;
  }
}

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, 200) : undefined;
}
