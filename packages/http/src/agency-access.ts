import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jwtVerify, SignJWT } from 'jose';
import { ProblemError } from './problem';

/** What a caller may see, as the gateway decided it (contracts' `AgencyAccess`). */
export interface AgencyAccess {
  agencyId: string;
  crossAgency: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The access context the gateway signed for this request; absent when none came. */
    agencyAccess?: AgencyAccess;
  }
}

/**
 * The internal header a read carries from the gateway to the owning service:
 * a short-lived JWT (HS256, RFC 7519) signed with the installation's
 * ACCESS_CONTEXT_SIGNING_KEY. A pod that reaches a service's port but lacks
 * the key cannot act for an agency: unsigned or forged contexts are refused.
 */
export const ACCESS_CONTEXT_HEADER = 'x-atalaia-access';
export const ACCESS_CONTEXT_TTL_SECONDS = 60;
const issuer = 'atalaia-gateway';
const audience = 'atalaia-services';
/** Distinct contexts remembered (signed or verified): one per agency and reach, so a few hundred at most. */
const CACHE_CAPACITY = 10_000;

const keyOf = (secret: string) => new TextEncoder().encode(secret);

/**
 * Signs access contexts for the gateway. A context is signed once and its
 * token reused until half its lifetime has passed, so a read costs a map
 * lookup, not an HMAC.
 */
export class AccessContextSigner {
  private readonly key: Uint8Array;
  private readonly signed = new Map<string, { token: string; renewAt: number }>();

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = keyOf(secret);
  }

  async headersFor(access: AgencyAccess): Promise<Record<string, string>> {
    return { [ACCESS_CONTEXT_HEADER]: await this.tokenFor(access) };
  }

  async tokenFor(access: AgencyAccess): Promise<string> {
    const cacheKey = `${access.agencyId}\n${access.crossAgency}`;
    const cached = this.signed.get(cacheKey);
    const now = this.now();
    if (cached && cached.renewAt > now) return cached.token;
    const issuedAt = Math.floor(now / 1000);
    const token = await new SignJWT({ agencyId: access.agencyId, crossAgency: access.crossAgency })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ACCESS_CONTEXT_TTL_SECONDS)
      .sign(this.key);
    if (this.signed.size >= CACHE_CAPACITY) this.signed.clear();
    this.signed.set(cacheKey, { token, renewAt: now + (ACCESS_CONTEXT_TTL_SECONDS * 1000) / 2 });
    return token;
  }
}

const invalidContext = (why: string) =>
  new ProblemError(401, 'ACCESS_CONTEXT_INVALID', 'The access context is not signed by this installation’s gateway', why);

/**
 * Makes every request of `app` that carries an access context have it
 * checked — signature, issuer, audience, expiry — before any route runs; a
 * verified token is remembered until it expires. Routes read the result with
 * `agencyAccessOf`.
 */
export function registerAccessContext(app: FastifyInstance, secret: string, now: () => number = Date.now): void {
  const key = keyOf(secret);
  const verified = new Map<string, { access: AgencyAccess; expiresAt: number }>();
  app.addHook('onRequest', async (request) => {
    const token = request.headers[ACCESS_CONTEXT_HEADER];
    if (token === undefined) return;
    if (typeof token !== 'string') throw invalidContext(`send ${ACCESS_CONTEXT_HEADER} once`);
    const known = verified.get(token);
    if (known && known.expiresAt > now()) {
      request.agencyAccess = known.access;
      return;
    }
    const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: ['HS256'], currentDate: new Date(now()), maxTokenAge: ACCESS_CONTEXT_TTL_SECONDS + 5 }).catch(
      (error: unknown) => {
        throw invalidContext((error as Error).message);
      },
    );
    if (typeof payload.agencyId !== 'string' || payload.agencyId.length === 0 || typeof payload.crossAgency !== 'boolean' || typeof payload.exp !== 'number') {
      throw invalidContext('the token does not name an agency and its reach');
    }
    const access = { agencyId: payload.agencyId, crossAgency: payload.crossAgency };
    if (verified.size >= CACHE_CAPACITY) verified.clear();
    verified.set(token, { access, expiresAt: payload.exp * 1000 });
    request.agencyAccess = access;
  });
}

/**
 * The caller's access as the gateway signed it for this read. A read without
 * one is refused rather than answered for nobody in particular: the services
 * fail closed.
 */
export function agencyAccessOf(request: FastifyRequest): AgencyAccess {
  if (!request.agencyAccess) {
    throw new ProblemError(400, 'ACCESS_CONTEXT_REQUIRED', 'The request does not say which agency it acts for', `send ${ACCESS_CONTEXT_HEADER}, signed by the gateway`);
  }
  return request.agencyAccess;
}
