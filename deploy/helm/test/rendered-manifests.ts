import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The manifests `deploy/helm/validate.sh` rendered into
 * .atalaia/helm-rendered/<profile>/<chart>.yaml, parsed, with small finders.
 * This folder is no workspace package (a clean machine without Go must not
 * need it), so it reads the repository's own code by path and takes the `yaml`
 * parser from the workspace's install.
 */
export const repoRoot = join(__dirname, '..', '..', '..');
export const renderedDir = process.env.ATALAIA_HELM_RENDERED ?? join(repoRoot, '.atalaia', 'helm-rendered');
export const profiles = ['default', 'secured'] as const;
export type Profile = (typeof profiles)[number];

// Rendered YAML is untyped data; the tests assert its shape as they go.
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; spec?: any; [key: string]: any };

interface YamlParser {
  parseAllDocuments(text: string): Array<{ errors: unknown[]; toJS(): unknown }>;
}

/** `yaml` as the workspace installed it: hoisted by pnpm (a dependency of @fastify/swagger). */
function yamlParser(): YamlParser {
  const require = createRequire(__filename);
  for (const paths of [[__dirname], [join(repoRoot, 'node_modules', '.pnpm', 'node_modules')]]) {
    try {
      return require(require.resolve('yaml', { paths })) as YamlParser;
    } catch {
      // next place
    }
  }
  throw new Error('the `yaml` package is not installed: run `npm run build` (node deploy/bootstrap.cjs) first');
}

const parser = yamlParser();
const cache = new Map<string, Manifest[]>();

export function rendered(profile: Profile, chart: 'atalaia' | 'atalaia-infra'): Manifest[] {
  const file = join(renderedDir, profile, `${chart}.yaml`);
  const cached = cache.get(file);
  if (cached) return cached;
  if (!existsSync(file)) throw new Error(`${file} is missing: run deploy/helm/validate.sh, which renders it`);
  const documents = parser.parseAllDocuments(readFileSync(file, 'utf8'));
  const manifests = documents.map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${String(document.errors[0])}`);
    return document.toJS() as Manifest | null;
  });
  const present = manifests.filter((manifest): manifest is Manifest => manifest !== null);
  cache.set(file, present);
  return present;
}

export const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((manifest) => manifest.kind === kind);

export function named(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/** Whether a label selector's matchLabels all hold in `labels`. */
export function selects(selector: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels[key] === value);
}

/** The service a Deployment (or anything the app chart labels) runs. */
export const serviceOf = (manifest: Manifest) => manifest.metadata.labels?.['app.kubernetes.io/component'] ?? '';

export type EnvVar = { name: string; value?: string; valueFrom?: any };

export function mainContainer(deployment: Manifest) {
  const container = deployment.spec.template.spec.containers.find((candidate: { name: string }) => candidate.name === serviceOf(deployment));
  if (!container) throw new Error(`${deployment.metadata.name} has no container named for its service`);
  return container as { name: string; env: EnvVar[]; image: string; [key: string]: unknown };
}

export function envValue(deployment: Manifest, name: string): string | undefined {
  return mainContainer(deployment).env.find((variable) => variable.name === name)?.value;
}

/** The app chart's Deployments by service name. */
export function deploymentsByService(profile: Profile): Map<string, Manifest> {
  return new Map(ofKind(rendered(profile, 'atalaia'), 'Deployment').map((deployment) => [serviceOf(deployment), deployment]));
}
