import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// Each service's config module alone: its index would load the whole service.
import { auditConfigSchema } from '../../../services/audit/src/config';
import { dispatchConfigSchema } from '../../../services/dispatch/src/config';
import { gatewayConfigSchema } from '../../../services/gateway/src/config';
import { occurrenceConfigSchema } from '../../../services/occurrence/src/config';
import { relayConfigSchema } from '../../../services/relay/src/config';
import { deploymentsByService, mainContainer, profiles, type EnvVar } from './rendered-manifests';

/** What the test uses of a zod object schema. */
interface ConfigSchema {
  shape: Record<string, { safeParse(value: unknown): { success: boolean } }>;
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: unknown[] } };
}

const schemas: Record<string, ConfigSchema> = {
  gateway: gatewayConfigSchema,
  occurrence: occurrenceConfigSchema,
  dispatch: dispatchConfigSchema,
  audit: auditConfigSchema,
  relay: relayConfigSchema,
};

/** Read outside the services' schemas: by Node, by the telemetry settings (OTEL_*, ATALAIA_VERSION), by npm/tsx. */
const runtimeVariables = new Set(['HOME', 'NODE_OPTIONS', 'ATALAIA_VERSION']);
/** What a variable would hold in a pod: its value with $(NAME) expanded, or a stand-in for a Secret or a pod field. */
function podEnvironment(env: EnvVar[]): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const variable of env) {
    const secret = variable.valueFrom?.secretKeyRef;
    if (secret?.key === 'uri') {
      const cluster = String(secret.name).replace(/-app$/, '');
      resolved[variable.name] = `postgresql://app:secret@${cluster}-rw.atalaia:5432/app`;
    } else if (variable.valueFrom) {
      resolved[variable.name] = secret ? 's'.repeat(64) : 'pod-field';
    } else {
      resolved[variable.name] = (variable.value ?? '').replace(/\$\(([A-Z0-9_]+)\)/g, (whole, name: string) => resolved[name] ?? whole);
    }
  }
  return resolved;
}

/** Names used only inside other values, as $(NAME). */
const referenced = (env: EnvVar[]) => new Set(env.flatMap((variable) => [...(variable.value ?? '').matchAll(/\$\(([A-Z0-9_]+)\)/g)].map((match) => match[1]!)));

for (const profile of profiles) {
  describe(`the services' environment, ${profile} values`, () => {
    for (const [service, deployment] of deploymentsByService(profile)) {
      const schema = schemas[service]!;
      const env = mainContainer(deployment).env;
      const names = env.map((variable) => variable.name);

      it(`when ${service} parses what the chart sets, then its config schema accepts it`, () => {
        const parsed = schema.safeParse(podEnvironment(env));
        assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues));
      });

      it(`when ${service}'s schema requires a variable, then the chart sets it`, () => {
        for (const [name, field] of Object.entries(schema.shape)) {
          if (!field.safeParse(undefined).success) assert.ok(names.includes(name), `${service} needs ${name}`);
        }
      });

      it(`when the chart sets a variable for ${service}, then ${service} reads it`, () => {
        const inputs = referenced(env);
        for (const name of names) {
          const known = name in schema.shape || runtimeVariables.has(name) || name.startsWith('OTEL_') || inputs.has(name);
          assert.ok(known, `${service} does not read ${name}`);
        }
      });
    }
  });
}
