import { z } from 'zod';
import { roles } from '@atalaia/contracts';

const roleListSchema = z.array(z.enum(roles)).min(1).max(roles.length).describe(`one or more of: ${roles.join(', ')}`);

/** Body of `POST /api/users`: an invitation. */
export const newAccountBodySchema = z.strictObject({
  login: z.string().trim().min(2).max(100).regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ -').describe('unique in the installation, whatever its case'),
  displayName: z.string().trim().min(1).max(200).describe('how the console and the audit trail name the person'),
  roles: roleListSchema,
  agencyId: z.string().regex(/^[a-z0-9-]{1,64}$/).optional().describe("another agency than the caller's own: only with `agencies:all`"),
});

/** Body of `PUT /api/users/:id/roles`. */
export const roleChangeBodySchema = z.strictObject({ roles: roleListSchema });

/** Body of `POST /api/account-links/:token`. */
export const linkPasswordBodySchema = z.strictObject({ password: z.string().min(1).max(1024) });

/** Body of `POST /api/me/second-factor/confirm`: the authenticator's current code. */
export const totpCodeBodySchema = z.strictObject({ code: z.string().regex(/^\d{6}$/, 'six digits') });

export const totpEnrolmentSchema = z.object({
  secret: z.string().describe('base32, for typing into the authenticator app; shown once'),
  uri: z.string().describe('the otpauth:// URI, for the app to scan as a QR code'),
});

/** Path of `/api/account-links/:token`: malformed tokens are looked up as unknown ones, after this bound. */
export const linkParamsSchema = z.object({ token: z.string().min(1).max(100) });

const isoDateTime = z.iso.datetime({ offset: true });

export const userViewSchema = z.object({
  id: z.uuid(),
  agencyId: z.string(),
  login: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(roles)),
  status: z.enum(['invited', 'active', 'locked', 'disabled']).describe('invited: no password yet; locked: too many failed sign-ins, for a while'),
  secondFactor: z.boolean().describe('a TOTP authenticator is enrolled'),
  singleSignOn: z.boolean().describe("signs in through the agency's identity provider, which keeps its roles and password"),
  createdAt: isoDateTime,
  lastSignInAt: isoDateTime.nullable(),
});

export const issuedLinkSchema = z.object({
  purpose: z.enum(['invite', 'reset']),
  token: z.string().describe('shown once: only its digest is stored'),
  path: z.string().describe("`/console/account/<token>` on the gateway's address, for the person to open"),
  expiresAt: isoDateTime,
});

export const accountLinkViewSchema = z.object({
  purpose: z.enum(['invite', 'reset']),
  login: z.string(),
  displayName: z.string(),
  expiresAt: isoDateTime,
});
