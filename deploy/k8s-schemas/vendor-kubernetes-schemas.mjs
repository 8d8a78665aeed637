#!/usr/bin/env node
// Copies the JSON schemas of the core Kubernetes kinds the charts render out of
// one version folder of the PyPI package kubernetes-validate, made fit for
// kubeconform offline: the `$id`s dropped, every `$ref` pointed at the local
// `_definitions.json`, and that file cut down to the definitions those kinds
// reach. Run it again (after adding a kind below) to refresh the copy:
//
//   pip download --no-deps kubernetes-validate==1.37.0 -d /tmp/kv && unzip -q /tmp/kv/*.whl -d /tmp/kv
//   node deploy/k8s-schemas/vendor-kubernetes-schemas.mjs /tmp/kv/kubernetes_validate/kubernetes-json-schema/v1.35.0-local-strict
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `<kind>-<group>-<version>.json`, kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json`. */
const kinds = [
  'deployment-apps-v1',
  'service-v1',
  'serviceaccount-v1',
  'secret-v1',
  'poddisruptionbudget-policy-v1',
  'horizontalpodautoscaler-autoscaling-v2',
  'networkpolicy-networking-v1',
  'ingress-networking-v1',
];

const source = process.argv[2];
if (!source) {
  console.error('usage: vendor-kubernetes-schemas.mjs <kubernetes-validate version folder, e.g. …/v1.35.0-local-strict>');
  process.exit(2);
}
const target = join(dirname(fileURLToPath(import.meta.url)), 'kubernetes', basename(source).replace('-local', ''));
const read = (name) => JSON.parse(readFileSync(join(source, name), 'utf8'));
const refPattern = /^\/api\/_definitions\.json#\/\$defs\/(.+)$|^#\/\$defs\/(.+)$/;

/** The schema with `$id` gone and local `$ref`s; each definition it names is added to `reached`. */
function localize(node, reached, inDefinitions) {
  if (Array.isArray(node)) return node.map((item) => localize(item, reached, inDefinitions));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id') continue;
    if (key === '$ref' && typeof value === 'string') {
      const match = refPattern.exec(value);
      if (!match) throw new Error(`unexpected $ref ${value}`);
      const name = match[1] ?? match[2];
      reached.push(name);
      out.$ref = inDefinitions ? `#/$defs/${name}` : `_definitions.json#/$defs/${name}`;
      continue;
    }
    out[key] = localize(value, reached, inDefinitions);
  }
  return out;
}

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
const pending = [];
for (const kind of kinds) {
  writeFileSync(join(target, `${kind}.json`), `${JSON.stringify(localize(read(`${kind}.json`), pending, false), null, 1)}\n`);
}
const { $defs, $schema } = read('_definitions.json');
const kept = {};
while (pending.length > 0) {
  const name = pending.pop();
  if (kept[name]) continue;
  if (!$defs[name]) throw new Error(`no definition ${name}`);
  kept[name] = localize($defs[name], pending, true);
}
const sorted = Object.fromEntries(Object.keys(kept).sort().map((name) => [name, kept[name]]));
writeFileSync(join(target, '_definitions.json'), `${JSON.stringify({ $schema, $defs: sorted }, null, 1)}\n`);
console.log(`${kinds.length} kinds and ${Object.keys(sorted).length} of ${Object.keys($defs).length} definitions → ${target}`);
