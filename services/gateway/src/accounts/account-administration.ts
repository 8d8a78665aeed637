import type { Actor, Role } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { ProblemError } from '@atalaia/http';
import { AccountLinkStore } from '../db/account-link-store';
import type { GatewayPrisma } from '../db/prisma';
import { UserStore, type UserRecord } from '../db/user-store';
import { accountLinkLifetimeSeconds, accountLinkPath, hashAccountLinkToken, issueAccountLinkToken, isWellFormedAccountLinkToken, type AccountLinkPurpose } from '../domain/account-link';
import { grantRefusal, type AccountAdministrator } from '../domain/account-grants';
import { checkPassword } from '../domain/password-policy';
import { AccountAudit, accountSnapshot, anonymousActor, selfActor, type AccountAction } from './account-audit';
import type { PasswordHasher } from './password-hashing';
import { acceptedTotpStep, newTotpEnrolment, type TotpEnrolment } from './totp';
import type { PasswordSignInOutcome } from './password-sign-in';

/** How an account is shown to its administrators: never a hash, a secret or a link. */
export interface UserView {
  id: string;
  agencyId: string;
  login: string;
  displayName: string;
  roles: Role[];
  /** `invited`: no password set yet; `locked`: too many failed sign-ins, for a while. */
  status: 'invited' | 'active' | 'locked' | 'disabled';
  secondFactor: boolean;
  /** Signs in through the agency's identity provider, which keeps its roles and its password. */
  singleSignOn: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

export function presentUser(user: UserRecord, now = Date.now()): UserView {
  const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > now;
  const invited = user.passwordHash === null && user.ssoSubject === null;
  const status = user.status === 'disabled' ? 'disabled' : invited ? 'invited' : locked ? 'locked' : 'active';
  return {
    id: user.id,
    agencyId: user.agencyId,
    login: user.login,
    displayName: user.displayName,
    roles: [...user.roles],
    status,
    secondFactor: user.totpEnabledAt !== null,
    singleSignOn: user.ssoSubject !== null,
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: user.lastSignInAt?.toISOString() ?? null,
  };
}

/** What a sign-in attempt came to, as the audit trail records it. */
export type SignInOutcome = PasswordSignInOutcome | { kind: 'refused'; user: UserRecord | null; reason: string };

/** A one-time link, shown once to the administrator who asked for it, for them to hand over. */
export interface IssuedLink {
  purpose: AccountLinkPurpose;
  token: string;
  /** On the gateway's address: `/console/account/<token>`. */
  path: string;
  expiresAt: string;
}

/** An administrator as the use cases see them: whose accounts they reach, and who they are in the trail. */
export interface Administration extends AccountAdministrator {
  actor: Actor;
}

export interface NewAccount {
  login: string;
  displayName: string;
  roles: Role[];
  /** Another agency than the administrator's own: only for one who reaches every agency. */
  agencyId?: string;
}

/** What the development administrator may do: administer the agency, and everything a supervisor and an auditor do, to try each screen. */
export const developmentAdministratorRoles: Role[] = ['agency_admin', 'supervisor', 'auditor'];

const userNotFound = () => new ProblemError(404, 'USER_NOT_FOUND', 'No such user', 'the account does not exist in your agency');
const singleSignOnAccount = () =>
  new ProblemError(409, 'SINGLE_SIGN_ON_ACCOUNT', 'The account signs in through its identity provider', 'its password and second factor are kept there, not here');
const secondFactorEnrolled = () =>
  new ProblemError(409, 'SECOND_FACTOR_ENROLLED', 'A second factor is already enrolled', 'an administrator removes it (a lost phone) before a new one is enrolled');
const linkNotFound = () =>
  new ProblemError(404, 'ACCOUNT_LINK_NOT_FOUND', 'The link is not valid', 'it was already used, it expired, a newer link replaced it, or the account is disabled: ask an administrator for a new one');

function refuseGrant(refusal: ReturnType<typeof grantRefusal>): void {
  if (refusal === 'own_account') throw new ProblemError(409, 'OWN_ACCOUNT', 'You cannot change your own roles or disable yourself', 'ask another administrator');
  if (refusal === 'installation_role') {
    throw new ProblemError(403, 'ROLE_NOT_GRANTABLE', 'Only the platform grants this role', 'platform_operator reaches every agency: only a platform operator gives it or changes an account that holds it');
  }
}

/**
 * Account administration: invitations and resets by one-time link, role
 * changes and disables, each audited in the transaction that makes it. Every
 * change is confined to the administrator's agency where the row is written
 * (`UserStore` takes the agency in its statement): another agency's account
 * answers as an unknown one, 404, and nothing changes.
 */
export class AccountAdministration {
  private readonly users: UserStore;
  private readonly links: AccountLinkStore;

  constructor(
    private readonly prisma: GatewayPrisma,
    private readonly hasher: PasswordHasher,
    private readonly audit: AccountAudit,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new UserStore(prisma);
    this.links = new AccountLinkStore(prisma);
  }

  async list(admin: Administration): Promise<UserView[]> {
    return (await this.users.list(admin.agencyId ?? undefined)).map((user) => presentUser(user, this.now()));
  }

  async get(admin: Administration, userId: string): Promise<UserView> {
    return presentUser(await this.found(admin, userId), this.now());
  }

  /** Creates an account without a password and the invitation link that sets it. */
  async invite(admin: Administration, account: NewAccount): Promise<{ user: UserView; link: IssuedLink }> {
    const agencyId = account.agencyId ?? admin.actor.agencyId;
    if (admin.agencyId !== null && agencyId !== admin.agencyId) {
      throw new ProblemError(403, 'INSUFFICIENT_SCOPE', 'The caller lacks a permission this route needs', 'requires permission agencies:all to create an account in another agency');
    }
    refuseGrant(grantRefusal(admin, { roles: account.roles, targetRoles: [] }));
    return this.prisma.$transaction(async (tx) => {
      const user = await new UserStore(tx).create({ agencyId, login: account.login, displayName: account.displayName, roles: account.roles, passwordHash: null });
      if (!user) throw new ProblemError(409, 'LOGIN_TAKEN', 'The login is taken', 'logins are unique in the installation: choose another');
      const link = await this.issueLink(tx, admin, user, 'invite');
      await this.audit.record(tx, { actor: admin.actor, action: 'user.invited', user, before: null, after: accountSnapshot(user) });
      return { user: presentUser(user, this.now()), link };
    });
  }

  /** Creates an account with a first password the caller chose (the CLI's first administrator); null when the login is taken. */
  async createWithPassword(admin: Administration, account: NewAccount, passwordHash: string): Promise<UserRecord | null> {
    const agencyId = account.agencyId ?? admin.actor.agencyId;
    return this.prisma.$transaction(async (tx) => {
      const user = await new UserStore(tx).create({ agencyId, login: account.login, displayName: account.displayName, roles: account.roles, passwordHash });
      if (user) await this.audit.record(tx, { actor: admin.actor, action: 'user.invited', user, before: null, after: accountSnapshot(user) });
      return user;
    });
  }

  /**
   * The development administrator: created with `password` unless the login
   * exists (then left as it is, password included), so every start and every
   * instance may ask. Returns whether it was created now.
   */
  async ensureDevelopmentAdministrator(agencyId: string, login: string, password: string): Promise<boolean> {
    if (await this.users.findByLogin(login)) return false;
    const admin: Administration = { actor: { clientId: 'development', agencyId }, agencyId };
    const account = { agencyId, login, displayName: 'Development administrator', roles: developmentAdministratorRoles };
    return (await this.createWithPassword(admin, account, await this.hasher.hash(password))) !== null;
  }

  /** A new one-time link to set the password of an active account; the current password works until it is used. */
  async issueResetLink(admin: Administration, userId: string): Promise<{ user: UserView; link: IssuedLink }> {
    const user = await this.found(admin, userId);
    refuseGrant(grantRefusal(admin, { targetRoles: user.roles }));
    if (user.status !== 'active') throw new ProblemError(409, 'USER_DISABLED', 'The account is disabled', 'a disabled account cannot set a password');
    if (user.ssoSubject !== null) throw singleSignOnAccount();
    return this.prisma.$transaction(async (tx) => {
      const purpose = user.passwordHash === null ? 'invite' : 'reset';
      const link = await this.issueLink(tx, admin, user, purpose);
      await this.audit.record(tx, { actor: admin.actor, action: 'user.link_issued', user, before: null, after: { purpose, expiresAt: link.expiresAt } });
      return { user: presentUser(user, this.now()), link };
    });
  }

  /** Replaces the roles and ends the account's sessions at once. */
  async changeRoles(admin: Administration, userId: string, roles: Role[]): Promise<UserView> {
    return this.changeLocked(admin, userId, async (store, current) => {
      refuseGrant(grantRefusal(admin, { roles, targetRoles: current.roles, targetUserId: current.id }));
      const changed = (await store.setRoles({ id: userId }, roles, admin.agencyId))!;
      return { changed, action: 'user.roles_changed', before: { roles: current.roles }, after: { roles: changed.roles } };
    });
  }

  /** Disables the account (it is never deleted) and ends its sessions at once; an account already disabled stays so. */
  async disable(admin: Administration, userId: string): Promise<UserView> {
    return this.changeLocked(admin, userId, async (store, current) => {
      refuseGrant(grantRefusal(admin, { targetRoles: current.roles, targetUserId: current.id }));
      const changed = await store.disable({ id: userId }, admin.agencyId);
      return changed && { changed, action: 'user.disabled', before: { status: current.status }, after: { status: changed.status } };
    });
  }

  /** What a usable link is for, for the page that uses it. */
  async describeLink(token: string): Promise<{ purpose: AccountLinkPurpose; login: string; displayName: string; expiresAt: string }> {
    const { link, user } = await this.usableLink(token);
    return { purpose: link.purpose, login: user.login, displayName: user.displayName, expiresAt: link.expiresAt.toISOString() };
  }

  /**
   * Sets the password through a link, once: the link is used, the password
   * set, the account's sessions ended and the change audited, in one
   * transaction. A password the policy refuses leaves the link usable.
   */
  async setPasswordByLink(token: string, password: string): Promise<UserView> {
    const { user } = await this.usableLink(token);
    const verdict = checkPassword(password, { login: user.login, displayName: user.displayName });
    if (!verdict.ok) throw new ProblemError(422, 'PASSWORD_REJECTED', 'The password is not accepted', verdict.detail, [{ field: 'password', message: verdict.reason }]);
    const passwordHash = await this.hasher.hash(password);
    return this.prisma.$transaction(async (tx) => {
      const link = await new AccountLinkStore(tx).use(hashAccountLinkToken(token));
      if (!link || link.userId !== user.id) throw linkNotFound();
      const changed = await new UserStore(tx).setPassword(user.id, passwordHash);
      if (!changed) throw linkNotFound();
      await this.audit.record(tx, { actor: selfActor(changed), action: 'user.password_set', user: changed, before: null, after: { by: link.purpose } });
      return presentUser(changed, this.now());
    });
  }

  /**
   * Starts a person's own TOTP enrolment: a new secret, pending until a code
   * of it confirms it, for their authenticator app (the URI is its QR code).
   */
  async beginSecondFactor(userId: string): Promise<TotpEnrolment> {
    const user = await this.users.findById(userId);
    if (!user) throw userNotFound();
    if (user.totpEnabledAt) throw secondFactorEnrolled();
    // Their provider signs them in, and asks for its own second factor: a code here would never be asked for.
    if (user.ssoSubject !== null) throw singleSignOnAccount();
    const enrolment = newTotpEnrolment(user.login);
    if (!(await this.users.beginTotp(user.id, enrolment.secret))) throw secondFactorEnrolled();
    return enrolment;
  }

  /** Confirms the pending enrolment with a current code of it: from the next sign-in on, the code is asked for. */
  async confirmSecondFactor(userId: string, code: string): Promise<UserView> {
    const user = await this.users.findById(userId);
    if (!user) throw userNotFound();
    if (user.totpEnabledAt) throw secondFactorEnrolled();
    const step = user.totpSecret ? acceptedTotpStep(user.totpSecret, code, null, this.now()) : null;
    if (step === null) throw new ProblemError(422, 'INVALID_CODE', 'The code does not match', 'enter the code the authenticator app shows now, for the secret just enrolled');
    return this.prisma.$transaction(async (tx) => {
      const store = new UserStore(tx);
      if (!(await store.enableTotp(user.id, user.totpSecret!, step))) throw secondFactorEnrolled();
      const enabled = (await store.findById(user.id))!;
      await this.audit.record(tx, { actor: selfActor(enabled), action: 'user.second_factor_enabled', user: enabled, before: null, after: { method: 'totp' } });
      return presentUser(enabled, this.now());
    });
  }

  /** Removes an account's second factor (a lost phone) and ends its sessions; the person enrols again after signing in. */
  async removeSecondFactor(admin: Administration, userId: string): Promise<UserView> {
    return this.changeLocked(admin, userId, async (store, current) => {
      refuseGrant(grantRefusal(admin, { targetRoles: current.roles }));
      const changed = await store.removeTotp({ id: userId }, admin.agencyId);
      return changed && { changed, action: 'user.second_factor_removed', before: { secondFactor: true }, after: { secondFactor: false } };
    });
  }

  /**
   * One administrator's change of one account, decided and made in one
   * transaction on the locked row, within the administrator's agency, and
   * audited in it. `change` answers null when there was nothing to change
   * (the account is answered as it is, unaudited).
   */
  private async changeLocked(
    admin: Administration,
    userId: string,
    change: (store: UserStore, current: UserRecord) => Promise<{ changed: UserRecord; action: AccountAction; before: Record<string, unknown>; after: Record<string, unknown> } | null>,
  ): Promise<UserView> {
    return this.prisma.$transaction(async (tx) => {
      const store = new UserStore(tx);
      const current = await store.find({ id: userId }, admin.agencyId, { lock: true });
      if (!current) throw userNotFound();
      const made = await change(store, current);
      if (!made) return presentUser(current, this.now());
      await this.audit.record(tx, { actor: admin.actor, action: made.action, user: made.changed, before: made.before, after: made.after });
      return presentUser(made.changed, this.now());
    });
  }

  /**
   * Audits a sign-in attempt against a known account, before its session is
   * created: a session never exists unaudited. An attempt on an unknown
   * login has no agency to be filed under, and is only logged.
   */
  async recordSignIn(outcome: SignInOutcome, address: string, method: 'password' | 'oidc' = 'password'): Promise<void> {
    if (!outcome.user) return;
    const { user } = outcome;
    if (outcome.kind === 'signed_in') {
      const secondFactor = method === 'password' && user.totpEnabledAt !== null;
      await this.audit.record(this.prisma, { actor: selfActor(user), action: 'user.signed_in', user, before: null, after: { method, secondFactor, address } });
    } else if (outcome.kind === 'refused') {
      await this.audit.record(this.prisma, { actor: anonymousActor(user.agencyId), action: 'user.sign_in_failed', user, before: null, after: { method, reason: outcome.reason, address } });
    }
  }

  private async found(admin: Administration, userId: string): Promise<UserRecord> {
    const user = await this.users.find({ id: userId }, admin.agencyId);
    if (!user) throw userNotFound();
    return user;
  }

  private async usableLink(token: string) {
    if (!isWellFormedAccountLinkToken(token)) throw linkNotFound();
    const link = await this.links.findUsable(hashAccountLinkToken(token));
    const user = link ? await this.users.find({ id: link.userId }, null) : null;
    if (!link || !user || user.status !== 'active') throw linkNotFound();
    return { link, user };
  }

  private async issueLink(tx: SqlExecutor, admin: Administration, user: UserRecord, purpose: AccountLinkPurpose): Promise<IssuedLink> {
    const { token, tokenHash } = issueAccountLinkToken();
    const expiresAt = new Date(this.now() + accountLinkLifetimeSeconds[purpose] * 1000);
    await new AccountLinkStore(tx).issue({ tokenHash, userId: user.id, purpose, createdBy: admin.actor.clientId, expiresAt });
    return { purpose, token, path: accountLinkPath(token), expiresAt: expiresAt.toISOString() };
  }
}
