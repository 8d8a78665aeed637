import { commonPasswords } from './common-passwords';

/**
 * NIST SP 800-63B's rules for memorised secrets, and nothing else: a minimum
 * length, a generous maximum, any characters (spaces and emoji included),
 * no composition rules, and a refusal of values that are common, repetitive
 * or sequential, or built from the account's own names.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordRefusal = 'too_short' | 'too_long' | 'common' | 'repetitive' | 'contains_account_name';

export type PasswordVerdict = { ok: true } | { ok: false; reason: PasswordRefusal; detail: string };

/** What the account is called: a password must not be built from it. */
export interface PasswordContext {
  login: string;
  displayName?: string;
}

/** The form a password is stored and compared in: Unicode NFKC, as 800-63B asks, so one password has one encoding. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

export function checkPassword(password: string, context: PasswordContext): PasswordVerdict {
  const normalised = normalisePassword(password);
  const length = [...normalised].length;
  if (length < MIN_PASSWORD_LENGTH) return refuse('too_short', `use at least ${MIN_PASSWORD_LENGTH} characters; a phrase of a few words is easiest to remember`);
  if (length > MAX_PASSWORD_LENGTH) return refuse('too_long', `use at most ${MAX_PASSWORD_LENGTH} characters`);
  const folded = normalised.toLowerCase();
  if (isCommon(folded)) return refuse('common', 'this password is among the most used ones, and the first an attacker tries');
  if (isRepetitive(folded)) return refuse('repetitive', 'this password is a repeated or sequential run of characters');
  if (containsAccountName(folded, context)) return refuse('contains_account_name', 'this password contains the login or the name of the account');
  return { ok: true };
}

function refuse(reason: PasswordRefusal, detail: string): PasswordVerdict {
  return { ok: false, reason, detail };
}

/** Common as it is, or a common word with digits and punctuation added around it ("Password123!"). */
function isCommon(folded: string): boolean {
  if (commonPasswords.has(folded)) return true;
  const core = folded.replace(/^[\d\p{P}\p{S}\s]+|[\d\p{P}\p{S}\s]+$/gu, '');
  return core.length >= 4 && commonPasswords.has(core);
}

/** One short unit repeated ("abcabcabcabc", "aaaaaaaaaaaa"), or a run that climbs or falls by one ("123456789012", "zyxwvutsrqpo"). */
function isRepetitive(folded: string): boolean {
  const chars = [...folded];
  for (let unit = 1; unit <= 4; unit += 1) {
    if (chars.every((char, index) => char === chars[index % unit])) return true;
  }
  const codes = chars.map((char) => char.codePointAt(0)!);
  const steps = codes.slice(1).map((code, index) => wrapDigit(code, codes[index]!));
  return steps.every((step) => step === 1) || steps.every((step) => step === -1);
}

/** The difference between two code points, with 9 → 0 counted as a step of one (as on a keyboard's digit row). */
function wrapDigit(code: number, previous: number): number {
  const isDigit = (value: number) => value >= 48 && value <= 57;
  if (isDigit(code) && isDigit(previous)) {
    if (previous === 57 && code === 48) return 1;
    if (previous === 48 && code === 57) return -1;
  }
  return code - previous;
}

function containsAccountName(folded: string, context: PasswordContext): boolean {
  const names = [context.login, ...(context.displayName ?? '').split(/\s+/), 'atalaia']
    .map((name) => normalisePassword(name).toLowerCase())
    .filter((name) => name.length >= 4);
  return names.some((name) => folded.includes(name));
}
