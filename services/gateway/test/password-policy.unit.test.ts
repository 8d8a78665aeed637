import { commonPasswords } from '../src/domain/common-passwords';
import { checkPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normalisePassword } from '../src/domain/password-policy';

const account = { login: 'maria.silva', displayName: 'Maria Silva' };
const reasonOf = (password: string) => {
  const verdict = checkPassword(password, account);
  return verdict.ok ? 'ok' : verdict.reason;
};

describe('the password policy (NIST SP 800-63B)', () => {
  it('accepts a long phrase of ordinary words, with no digits, capitals or symbols required', () => {
    expect(reasonOf('cavalo correto bateria grampo')).toBe('ok');
    expect(reasonOf('viatura azul na serra')).toBe('ok');
  });

  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters, counted as characters, not bytes`, () => {
    expect(reasonOf('Tr0ub4dor&3')).toBe('too_short');
    expect(reasonOf('ç'.repeat(6) + 'bombeiro')).toBe('ok');
    expect(reasonOf('🚒🚒🚒🚒🚒🚒🚒🚒🚒🚒🚒')).toBe('too_short');
  });

  it(`accepts up to ${MAX_PASSWORD_LENGTH} characters and refuses more`, () => {
    const phrase = 'the quick brown fox jumps over a lazy dog ';
    expect(reasonOf(phrase.repeat(3).slice(0, MAX_PASSWORD_LENGTH))).toBe('ok');
    expect(reasonOf(phrase.repeat(4))).toBe('too_long');
  });

  it('refuses a common password, whatever its case, and with digits or symbols added around it', () => {
    expect(reasonOf('password1234')).toBe('common');
    expect(reasonOf('QwertyUiop123')).toBe('common');
    expect(reasonOf('Senha123456789!')).toBe('common');
    expect(reasonOf('!!bombeiros2026')).toBe('common');
  });

  it('ships a list in lowercase with the passwords people pick most, in English and Portuguese', () => {
    expect(commonPasswords.size).toBeGreaterThan(300);
    for (const word of ['123456', 'password', 'qwerty', 'senha123', 'iloveyou', 'bombeiros']) expect(commonPasswords.has(word)).toBe(true);
    for (const word of commonPasswords) expect(word).toBe(word.toLowerCase());
  });

  it('refuses repeated and sequential runs', () => {
    expect(reasonOf('aaaaaaaaaaaaaa')).toBe('repetitive');
    expect(reasonOf('abcdabcdabcdabcd')).toBe('repetitive');
    expect(reasonOf('abcdefghijklm')).toBe('repetitive');
    expect(reasonOf('98765432109876')).toBe('repetitive');
    expect(reasonOf('7890123456789')).toBe('repetitive');
  });

  it("refuses a password built from the account's login or name, or the product's", () => {
    expect(reasonOf('maria.silva.quartel')).toBe('contains_account_name');
    expect(reasonOf('quartel de SILVA norte')).toBe('contains_account_name');
    expect(reasonOf('meu atalaia do quartel')).toBe('contains_account_name');
  });

  it('normalises to NFKC, so a composed and a decomposed accent are the same password', () => {
    expect(normalisePassword('Jos\u00e9 e a viatura')).toBe(normalisePassword('Jose\u0301 e a viatura'));
  });

  it('explains a refusal in words a person can act on', () => {
    const verdict = checkPassword('short', account);
    expect(verdict).toEqual({ ok: false, reason: 'too_short', detail: expect.stringContaining(String(MIN_PASSWORD_LENGTH)) });
  });
});
