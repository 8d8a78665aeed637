import { z } from 'zod';
import { databaseServiceConfigFields, loadConfig } from '@atalaia/config';

const emptyIsUnset = (value: unknown) => (value === '' ? undefined : value);

export const occurrenceConfigSchema = z.object({
  ...databaseServiceConfigFields(8101),
  /** A Nominatim server that geocodes addresses sent without coordinates; unset (the default): no geocoding, no network call. */
  GEOCODER_URL: z.preprocess(emptyIsUnset, z.url({ protocol: /^https?$/ }).optional()),
  /** The longest a report waits for the geocoder before it is stored without coordinates. */
  GEOCODER_TIMEOUT_MS: z.coerce.number().int().positive().max(10_000).default(2000),
});

export type OccurrenceConfig = z.infer<typeof occurrenceConfigSchema>;

export function loadOccurrenceConfig(env: Record<string, string | undefined> = process.env): OccurrenceConfig {
  return loadConfig(occurrenceConfigSchema, env);
}
