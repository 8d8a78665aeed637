import { z } from 'zod';
import { databaseServiceConfigFields, loadConfig } from '@atalaia/config';
import { NFPA_1710_TARGETS, responseTargetsSchema } from '@atalaia/contracts';

/** `{"default": {...}, "<agencyId>": {...}}`; an agency without an entry gets `default`, itself NFPA 1710 unless given. */
const responseTargetsConfig = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1), responseTargetsSchema));

export const dispatchConfigSchema = z.object({
  ...databaseServiceConfigFields(8102),
  /** A dispatch to an occurrence this service has not heard of is parked this long (from its arrival) before it fails. */
  OCCURRENCE_VIEW_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Unit kinds beyond the shipped catalog (or new labels for shipped ones): `CODE=Label;CODE=Label`. */
  UNIT_KINDS: z.string().optional(),
  /** Response-time targets (seconds, at the 90th percentile) per agency, JSON; see `responseTargetsConfig`. */
  RESPONSE_TARGETS: responseTargetsConfig.default({ default: NFPA_1710_TARGETS }),
});

export type DispatchConfig = z.infer<typeof dispatchConfigSchema>;

export function loadDispatchConfig(env: Record<string, string | undefined> = process.env): DispatchConfig {
  return loadConfig(dispatchConfigSchema, env);
}
