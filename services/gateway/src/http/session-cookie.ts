import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '@atalaia/http';

export const SESSION_COOKIE = 'atalaia_session';

/** Readable by no script, sent to no other site, for the whole origin (the console and its /api calls). */
export function sessionCookieOptions(secure: boolean): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure };
}

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const token = request.cookies?.[SESSION_COOKIE];
  return token ? token : undefined;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { ...sessionCookieOptions(secure), expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(secure));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends the cookie with any request to this origin, so a change
 * made with it must come from a page of this origin. SameSite=Strict already
 * keeps other sites' requests cookie-less; refusing a foreign `Origin` is the
 * second lock (older browsers, sibling subdomains). No Origin (curl, tools
 * with a copied cookie) is not a browser's cross-site request.
 */
export function refuseCrossOriginChange(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (!isSameOrigin(origin, request.headers.host)) {
    throw new ProblemError(403, 'CROSS_ORIGIN_REQUEST', 'A change with the session cookie must come from the console', `origin ${origin.slice(0, 100)} is not this server`);
  }
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const url = new URL(origin);
    // The Host header read with the Origin's scheme, so a default port written out (`:80`) compares equal.
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
