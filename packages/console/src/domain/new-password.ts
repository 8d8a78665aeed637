import type { Problem } from './types';

/**
 * A new password on the "set your password" page. The console checks only
 * what it can say at once (NIST SP 800-63B's lengths, and that both fields
 * match); the gateway's policy also refuses common, repetitive and sequential
 * values and the account's own names, and says which (`PASSWORD_REJECTED`).
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'repetitive' | 'contains_account_name' | 'mismatch';

const policyRefusals: readonly PasswordProblem[] = ['too_short', 'too_long', 'common', 'repetitive', 'contains_account_name'];

// Counted as the gateway counts: code points after NFKC, so an emoji is one character.
const lengthOf = (password: string) => [...password.normalize('NFKC')].length;

export function newPasswordProblem(password: string, confirmation: string): PasswordProblem | undefined {
  const length = lengthOf(password);
  if (length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'too_long';
  return password === confirmation ? undefined : 'mismatch';
}

/** Which rule the gateway's policy refused the password by, from its PASSWORD_REJECTED problem. */
export function policyRefusalOf(problem: Problem): PasswordProblem | undefined {
  if (problem.code !== 'PASSWORD_REJECTED') return undefined;
  const reason = problem.errors?.find((error) => error.field === 'password' || error.field.endsWith('.password'))?.message;
  return policyRefusals.find((refusal) => refusal === reason);
}
