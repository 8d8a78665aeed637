/**
 * A person's own TOTP enrolment as the console shows it: the secret, grouped
 * for typing into an authenticator app by hand, and the code typed back to
 * confirm it. The secret lives only in the enrolment screen's state, for as
 * long as the enrolment takes: it is never stored in the browser.
 */

/** Base32 in groups of four ("JBSW Y3DP EHPK 3PXP"): authenticator apps ignore the spaces. */
export function groupedSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

export type CodeProblem = 'required' | 'not_six_digits';

/** The code to confirm with, as the gateway takes it (six digits), or what is wrong with what was typed. */
export function confirmationCodeOf(typed: string): { code: string } | { problem: CodeProblem } {
  const code = typed.replace(/[\s-]+/g, '');
  if (!code) return { problem: 'required' };
  return /^\d{6}$/.test(code) ? { code } : { problem: 'not_six_digits' };
}
