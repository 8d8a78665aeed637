/**
 * The sign-in form as values: a person signs in with login and password (and
 * the one-time code once the gateway asks for it); integrations and the dev
 * operator key sign in with an API key. Secrets live only in this draft, in
 * memory, for as long as one attempt takes: every outcome clears them, except
 * that the password waits for its code after SECOND_FACTOR_REQUIRED, because
 * the gateway checks both together.
 */
export type SignInMethod = 'password' | 'api_key';

export interface SignInDraft {
  method: SignInMethod;
  login: string;
  password: string;
  /** True once the gateway answered SECOND_FACTOR_REQUIRED for this login and password. */
  codeRequired: boolean;
  code: string;
  apiKey: string;
}

/** The body of `POST /api/session`. */
export type SignInRequest = { apiKey: string } | { login: string; password: string; code?: string };

export type MissingField = 'login' | 'password' | 'code' | 'apiKey';

/** Why an attempt did not sign in, as the form says it. */
export type SignInRefusal = 'invalid_credentials' | 'invalid_key' | 'code_required' | 'other';

export const emptySignInDraft: SignInDraft = { method: 'password', login: '', password: '', codeRequired: false, code: '', apiKey: '' };

export function signInRequestOf(draft: SignInDraft): { request: SignInRequest } | { missing: MissingField } {
  if (draft.method === 'api_key') return draft.apiKey.trim() ? { request: { apiKey: draft.apiKey.trim() } } : { missing: 'apiKey' };
  const login = draft.login.trim();
  if (!login) return { missing: 'login' };
  // The password is sent as typed: spaces may be part of it.
  if (!draft.password) return { missing: 'password' };
  if (!draft.codeRequired) return { request: { login, password: draft.password } };
  const code = draft.code.replace(/\s+/g, '');
  return code ? { request: { login, password: draft.password, code } } : { missing: 'code' };
}

/** Switching between password and API key starts that form afresh: nothing typed for one is kept for the other. */
export const withMethod = (method: SignInMethod): SignInDraft => ({ ...emptySignInDraft, method });

/** After a success: nothing is kept. */
export const afterSignIn = (draft: SignInDraft): SignInDraft => withMethod(draft.method);

/**
 * After a refusal (`code`, the problem's): the secrets are cleared and the
 * login stays, so a mistyped password is retyped alone. SECOND_FACTOR_REQUIRED
 * keeps the password for the code that comes next; a refusal at the code step
 * goes back to the password, since the gateway does not say which was wrong.
 */
export function afterRefusal(draft: SignInDraft, code: string): { draft: SignInDraft; refusal: SignInRefusal } {
  if (draft.method === 'api_key') return { draft: withMethod('api_key'), refusal: code === 'INVALID_API_KEY' ? 'invalid_key' : 'other' };
  if (code === 'SECOND_FACTOR_REQUIRED' && !draft.codeRequired) return { draft: { ...draft, codeRequired: true, code: '' }, refusal: 'code_required' };
  const cleared = { ...emptySignInDraft, login: draft.login };
  return { draft: cleared, refusal: code === 'INVALID_CREDENTIALS' || code === 'SECOND_FACTOR_REQUIRED' ? 'invalid_credentials' : 'other' };
}

/**
 * The code a sign-in that left the console comes back with
 * (`/console/?signInError=SSO_NO_ROLE`, after single sign-on), when it is one.
 */
export function signInErrorOf(search: string): string | undefined {
  const code = new URLSearchParams(search).get('signInError');
  return code && /^[A-Z][A-Z_]{2,63}$/.test(code) ? code : undefined;
}
