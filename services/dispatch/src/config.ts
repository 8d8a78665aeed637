import { z } from 'zod';
import { databaseServiceConfigFields, loadConfig } from '@atalaia/config';

export const dispatchConfigSchema = z.object({
  ...databaseServiceConfigFields(8102),
  /** A dispatch to an occurrence this service has not heard of is parked this long (from its arrival) before it fails. */
  OCCURRENCE_VIEW_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Unit kinds beyond the shipped catalog (or new labels for shipped ones): `CODE=Label;CODE=Label`. */
  UNIT_KINDS: z.string().optional(),
});

export type DispatchConfig = z.infer<typeof dispatchConfigSchema>;

export function loadDispatchConfig(env: Record<string, string | undefined> = process.env): DispatchConfig {
  return loadConfig(dispatchConfigSchema, env);
}
