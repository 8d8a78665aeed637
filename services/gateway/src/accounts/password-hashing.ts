import { hash, verify } from '@node-rs/argon2';
import { normalisePassword } from '../domain/password-policy';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, one
 * lane), as a PHC string that carries its own parameters: raising them later
 * leaves existing hashes verifiable. The password is normalised first
 * (NFKC), so every encoding of one password verifies.
 */
const parameters = { algorithm: 2 /* Algorithm.Argon2id, a const enum the compiler may not inline here */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a hash that cannot be read; never throws for either. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Costs what a verification costs and matches nothing: an unknown login takes as long as a wrong password. */
  verifyNothing(password: string): Promise<void>;
}

export function argon2PasswordHasher(): PasswordHasher {
  // Made once, lazily: the same cost as a real account's hash.
  let decoy: Promise<string> | undefined;
  const hasher: PasswordHasher = {
    hash: (password) => hash(normalisePassword(password), parameters),
    verify: (passwordHash, password) => verify(passwordHash, normalisePassword(password)).catch(() => false),
    verifyNothing: async (password) => {
      decoy ??= hasher.hash(`decoy-${Math.random()}`);
      await hasher.verify(await decoy, password);
    },
  };
  return hasher;
}
