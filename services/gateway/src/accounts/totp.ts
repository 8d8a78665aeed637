import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 time-based one-time passwords as authenticator apps read them:
 * SHA-1, 6 digits, 30-second steps, through the `otpauth` library. A code is
 * accepted one step early or late (clock drift) and never twice: the step it
 * matched is returned, and the caller stores it and refuses any step at or
 * before the last one accepted.
 */
const settings = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

export interface TotpEnrolment {
  /** Base32, for the database and for manual entry. */
  secret: string;
  /** The `otpauth://` URI an authenticator app scans as a QR code. */
  uri: string;
}

export function newTotpEnrolment(login: string, issuer = 'Atalaia'): TotpEnrolment {
  const secret = new Secret({ size: 20 });
  const totp = new TOTP({ ...settings, issuer, label: login, secret });
  return { secret: secret.base32, uri: totp.toString() };
}

/** The time step `code` matches, or null; `lastStep` is the last step accepted for this secret (replays are refused). */
export function acceptedTotpStep(secret: string, code: string, lastStep: number | null, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ ...settings, secret: Secret.fromBase32(secret) });
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 1000 / settings.period) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The code an authenticator shows at `now`: for tests and for the enrolment check. */
export function totpCodeAt(secret: string, now = Date.now()): string {
  return new TOTP({ ...settings, secret: Secret.fromBase32(secret) }).generate({ timestamp: now });
}
