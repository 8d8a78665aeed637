import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { argon2PasswordHasher, type PasswordHasher } from '../src/accounts/password-hashing';
import { PasswordSignIn } from '../src/accounts/password-sign-in';
import { acceptedTotpStep, newTotpEnrolment, totpCodeAt } from '../src/accounts/totp';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { UserStore } from '../src/db/user-store';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const PASSWORD = 'viatura azul na serra';

/** The real argon2 hasher, counting the verifications it performs. */
function countingHasher(): PasswordHasher & { verifications: number } {
  const real = argon2PasswordHasher();
  const counting = {
    verifications: 0,
    hash: real.hash,
    verify: async (passwordHash: string, password: string) => {
      counting.verifications += 1;
      return real.verify(passwordHash, password);
    },
    verifyNothing: async (password: string) => {
      counting.verifications += 1;
      return real.verifyNothing(password);
    },
  };
  return counting;
}

describe('password sign-in', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let users: UserStore;
  const hasher = argon2PasswordHasher();
  let sequence = 0;

  const newUser = async (roles: Array<'dispatcher' | 'auditor'> = ['dispatcher']) => {
    sequence += 1;
    const user = await users.create({ agencyId: 'cbm-se', login: `Operador.${sequence}`, displayName: `Operador ${sequence}`, roles, passwordHash: await hasher.hash(PASSWORD) });
    return user!;
  };
  const signIn = (counting = countingHasher(), maxAttempts = 5) => ({ counting, signIn: new PasswordSignIn(users, counting, { maxAttempts, lockSeconds: 900 }) });

  beforeAll(async () => {
    database = await createTestDatabase('password_sign_in', migrations);
    prisma = createGatewayPrisma(database.url);
    users = new UserStore(prisma);
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it('stores an argon2id PHC hash that verifies the password, any Unicode form of it, and nothing else', async () => {
    const stored = await hasher.hash('José e a viatura');

    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain('José');
    expect(await hasher.verify(stored, 'José e a viatura')).toBe(true);
    expect(await hasher.verify(stored, 'Jose\u0301 e a viatura')).toBe(true);
    expect(await hasher.verify(stored, 'jose e a viatura')).toBe(false);
    expect(await hasher.verify('not a hash', 'José e a viatura')).toBe(false);
    expect(await hasher.hash('José e a viatura')).not.toBe(stored);
  });

  it('signs in with the right password, whatever the case of the login, and records when', async () => {
    const user = await newUser();
    const { signIn: check } = signIn();

    const outcome = await check.attempt(` ${user.login.toUpperCase()} `, PASSWORD);

    expect(outcome).toMatchObject({ kind: 'signed_in', user: { id: user.id, roles: ['dispatcher'] } });
    const after = await users.findByLogin(user.login);
    expect(after!.failedSignIns).toBe(0);
    expect(after!.lastSignInAt).toBeInstanceOf(Date);
  });

  it('answers an unknown login as it answers a wrong password, after the same argon2 verification', async () => {
    const user = await newUser();
    const { signIn: check, counting } = signIn();

    const wrong = await check.attempt(user.login, 'not the password at all');
    const unknown = await check.attempt('nobody.here', 'not the password at all');

    expect(wrong).toMatchObject({ kind: 'refused', reason: 'wrong_password' });
    expect(unknown).toMatchObject({ kind: 'refused', user: null, reason: 'unknown_login' });
    expect(counting.verifications).toBe(2);
  });

  it('locks the account after the allowed failures: even the right password is refused until the lock passes', async () => {
    const user = await newUser();
    const { signIn: check } = signIn();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await check.attempt(user.login, `wrong ${attempt}`)).toMatchObject({ kind: 'refused', reason: 'wrong_password' });
    }

    expect(await check.attempt(user.login, PASSWORD)).toMatchObject({ kind: 'refused', reason: 'not_allowed_now' });
    const locked = await users.findByLogin(user.login);
    expect(locked!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 800_000);

    // The lock passing, without waiting 15 minutes.
    await prisma.$executeRawUnsafe("UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1::uuid", user.id);
    expect(await check.attempt(user.login, PASSWORD)).toMatchObject({ kind: 'signed_in' });
    expect(await users.findByLogin(user.login)).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });

  it('when 30 wrong guesses race, then only the allowed number is ever verified and the account ends locked', async () => {
    const user = await newUser();
    const { signIn: check, counting } = signIn(countingHasher(), 5);

    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, index) => check.attempt(user.login, `guess ${index}`)));

    expect(outcomes.every((outcome) => outcome.kind === 'refused')).toBe(true);
    // Five verified against the hash; the other 25 cost a decoy verification each, and are refused as not allowed now.
    expect(outcomes.filter((outcome) => outcome.kind === 'refused' && outcome.reason === 'wrong_password')).toHaveLength(5);
    expect(counting.verifications).toBe(30);
    const locked = await users.findByLogin(user.login);
    expect(locked!.lockedUntil).not.toBeNull();
  });

  it('refuses a disabled account, with the right password, as it refuses a wrong one', async () => {
    const user = await newUser();
    await prisma.$executeRawUnsafe("UPDATE users SET status = 'disabled' WHERE id = $1::uuid", user.id);

    expect(await signIn().signIn.attempt(user.login, PASSWORD)).toMatchObject({ kind: 'refused', reason: 'not_allowed_now' });
  });

  describe('with a second factor (RFC 6238)', () => {
    it('asks for the code after the right password, signs in with it, and refuses the same code twice', async () => {
      const user = await newUser();
      const enrolment = newTotpEnrolment(user.login);
      expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Atalaia:Operador\.\d+\?.*secret=[A-Z2-7]+/);
      const enrolledAt = Date.now() - 60_000;
      expect(await users.enableTotp(user.id, enrolment.secret, acceptedTotpStep(enrolment.secret, totpCodeAt(enrolment.secret, enrolledAt), null, enrolledAt)!)).toBe(true);
      const { signIn: check } = signIn();

      expect(await check.attempt(user.login, PASSWORD)).toMatchObject({ kind: 'second_factor_required' });
      const code = totpCodeAt(enrolment.secret);
      expect(await check.attempt(user.login, PASSWORD, code)).toMatchObject({ kind: 'signed_in' });
      expect(await check.attempt(user.login, PASSWORD, code)).toMatchObject({ kind: 'refused', reason: 'wrong_code' });
    });

    it('counts a wrong code as a failed attempt, and a wrong password never reaches the code', async () => {
      const user = await newUser();
      const enrolment = newTotpEnrolment(user.login);
      await users.enableTotp(user.id, enrolment.secret, 0);
      const { signIn: check } = signIn();

      expect(await check.attempt(user.login, PASSWORD, '000000' === totpCodeAt(enrolment.secret) ? '111111' : '000000')).toMatchObject({ kind: 'refused', reason: 'wrong_code' });
      expect(await check.attempt(user.login, 'wrong password', totpCodeAt(enrolment.secret))).toMatchObject({ kind: 'refused', reason: 'wrong_password' });
      expect((await users.findByLogin(user.login))!.failedSignIns).toBe(2);
    });

    it('accepts a code one step late for clock drift, not three', () => {
      const { secret } = newTotpEnrolment('drift');
      const now = Date.now();
      expect(acceptedTotpStep(secret, totpCodeAt(secret, now - 30_000), null, now)).not.toBeNull();
      expect(acceptedTotpStep(secret, totpCodeAt(secret, now - 90_000), null, now)).toBeNull();
      expect(acceptedTotpStep(secret, 'abcdef', null, now)).toBeNull();
    });
  });
});
