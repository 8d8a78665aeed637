import { z } from 'zod';
import { databaseServiceConfigFields, loadConfig } from '@atalaia/config';

export const occurrenceConfigSchema = z.object({
  ...databaseServiceConfigFields(8101),
});

export type OccurrenceConfig = z.infer<typeof occurrenceConfigSchema>;

export function loadOccurrenceConfig(env: Record<string, string | undefined> = process.env): OccurrenceConfig {
  return loadConfig(occurrenceConfigSchema, env);
}
