import { hasPermission, roles, type Role } from './permissions';
import type { NewUserAccount, Session, UserAccount } from './types';

/**
 * Account administration as the console offers it (the gateway's
 * account-grants.ts decides): an agency administrator grants every agency
 * role but neither grants `platform_operator` nor touches an account that
 * holds it; nobody changes their own roles or disables themselves.
 */
const installationRoles: readonly Role[] = ['platform_operator'];

const reachesEveryAgency = (session: Session) => hasPermission(session, 'agencies:all');

/** The roles this administrator may give. */
export function grantableRoles(session: Session): Role[] {
  return reachesEveryAgency(session) ? [...roles] : roles.filter((role) => !installationRoles.includes(role));
}

export type UserAction = 'issue_link' | 'change_roles' | 'remove_second_factor' | 'disable';

/**
 * What the administrator is offered on `account`. A second factor is removed
 * for someone else (a lost phone), never one's own: that would let a session
 * left open drop the factor that protects the account.
 */
export function userActions(account: UserAccount, session: Session): UserAction[] {
  if (account.status === 'disabled') return [];
  if (!reachesEveryAgency(session) && account.roles.some((role) => installationRoles.includes(role))) return [];
  const own = account.id === session.client.person?.userId;
  if (own) return account.singleSignOn ? [] : ['issue_link'];
  const secondFactor: UserAction[] = account.secondFactor ? ['remove_second_factor'] : [];
  // Single sign-on keeps the password at the provider and takes the roles from it at every sign-in.
  if (account.singleSignOn) return [...secondFactor, 'disable'];
  return ['issue_link', 'change_roles', ...secondFactor, 'disable'];
}

/** The address to hand over: the link's path on this console's own origin. */
export const linkAddress = (origin: string, path: string): string => `${origin.replace(/\/+$/, '')}${path}`;

export interface NewAccountDraft {
  login: string;
  displayName: string;
  roles: Role[];
  /** '' for the administrator's own agency. */
  agencyId: string;
}

export const emptyAccountDraft: NewAccountDraft = { login: '', displayName: '', roles: [], agencyId: '' };

export type AccountField = 'login' | 'displayName' | 'roles' | 'agencyId';
export type AccountProblem = 'required' | 'invalid_login' | 'too_long' | 'no_role' | 'invalid_agency';

// The gateway's newAccountBodySchema: a login of letters, digits and . _ @ -, an agency id in kebab-case.
const loginPattern = /^[\p{L}\p{N}._@-]+$/u;
const agencyPattern = /^[a-z0-9-]{1,64}$/;

/** The invitation's body, or what is wrong with each field. */
export function newAccountOf(draft: NewAccountDraft): { account: NewUserAccount } | { problems: Partial<Record<AccountField, AccountProblem>> } {
  const problems: Partial<Record<AccountField, AccountProblem>> = {};
  const login = draft.login.trim();
  const displayName = draft.displayName.trim();
  const agencyId = draft.agencyId.trim();
  if (!login) problems.login = 'required';
  else if (login.length > 100) problems.login = 'too_long';
  else if (login.length < 2 || !loginPattern.test(login)) problems.login = 'invalid_login';
  if (!displayName) problems.displayName = 'required';
  else if (displayName.length > 200) problems.displayName = 'too_long';
  if (draft.roles.length === 0) problems.roles = 'no_role';
  if (agencyId && !agencyPattern.test(agencyId)) problems.agencyId = 'invalid_agency';
  if (Object.keys(problems).length > 0) return { problems };
  return { account: { login, displayName, roles: draft.roles, ...(agencyId ? { agencyId } : {}) } };
}

/** Roles in the table's order, whatever order they were ticked in. */
export const toggledRole = (held: readonly Role[], role: Role, on: boolean): Role[] => roles.filter((candidate) => (candidate === role ? on : held.includes(candidate)));
