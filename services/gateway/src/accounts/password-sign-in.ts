import type { UserRecord, UserStore } from '../db/user-store';
import type { PasswordHasher } from './password-hashing';
import { acceptedTotpStep } from './totp';

export interface PasswordSignInOptions {
  /** Consecutive failed sign-ins an account allows before it locks (NIST SP 800-63B: at most 100). */
  maxAttempts: number;
  /** How long a lock lasts. */
  lockSeconds: number;
}

/** Ten failures in a row lock an account for fifteen minutes (NIST SP 800-63B allows up to 100). */
export const defaultSignInLimits: PasswordSignInOptions = { maxAttempts: 10, lockSeconds: 15 * 60 };

export type PasswordSignInOutcome =
  | { kind: 'signed_in'; user: UserRecord }
  /** The password was right and the account has a second factor, but no code came: the caller asks for it. */
  | { kind: 'second_factor_required'; user: UserRecord }
  /**
   * Unknown login, wrong password, disabled or locked account: one answer
   * for all, so that nobody can tell which logins exist. `user` says, for the
   * audit trail only, which account the attempt was against.
   */
  | { kind: 'refused'; user: UserRecord | null; reason: 'unknown_login' | 'wrong_password' | 'wrong_code' | 'not_allowed_now' };

/**
 * Checks a login and password. Every attempt is counted against the account
 * before the password is verified (`UserStore.reserveAttempt`), so concurrent
 * guesses cannot exceed the bound; the per-address bound is the gateway's
 * `AuthenticationGuard`, before this runs. Every refusal costs one argon2
 * verification, an unknown login included.
 */
export class PasswordSignIn {
  constructor(
    private readonly users: Pick<UserStore, 'reserveAttempt' | 'recordSignIn' | 'findByLogin' | 'acceptTotpStep'>,
    private readonly hasher: PasswordHasher,
    private readonly options: PasswordSignInOptions = defaultSignInLimits,
  ) {}

  /**
   * With a second factor, the password and the code come together (`code`);
   * without the code the answer is `second_factor_required`, and the attempt
   * stays counted until a sign-in succeeds. A wrong code is a failed attempt.
   */
  async attempt(login: string, password: string, code?: string): Promise<PasswordSignInOutcome> {
    const reserved = await this.users.reserveAttempt(login, this.options.maxAttempts, this.options.lockSeconds);
    if (!reserved || reserved.user.passwordHash === null) {
      await this.hasher.verifyNothing(password);
      const known = reserved?.user ?? (await this.users.findByLogin(login));
      return { kind: 'refused', user: known, reason: known ? 'not_allowed_now' : 'unknown_login' };
    }
    const { user } = reserved;
    if (!(await this.hasher.verify(user.passwordHash!, password))) return { kind: 'refused', user, reason: 'wrong_password' };
    if (user.totpEnabledAt && user.totpSecret) {
      if (!code) return { kind: 'second_factor_required', user };
      const step = acceptedTotpStep(user.totpSecret, code, user.totpLastStep);
      if (step === null || !(await this.users.acceptTotpStep(user.id, step))) return { kind: 'refused', user, reason: 'wrong_code' };
    }
    await this.users.recordSignIn(user.id);
    return { kind: 'signed_in', user };
  }
}
