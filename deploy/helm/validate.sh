#!/usr/bin/env bash
# Validates the Helm charts offline, as CI does after `npm test`:
#   1. builds helm and kubeconform into .atalaia/tools from the Go module proxy
#      when they are missing (needs Go; about two minutes the first time);
#   2. `helm lint --strict` on both charts, with their defaults and with each
#      chart's ci/*-values.yaml profile;
#   3. renders each (chart, profile) into .atalaia/helm-rendered/<profile>/ and
#      checks every resource with `kubeconform -strict` against the schemas kept in
#      deploy/k8s-schemas (no network);
#   4. type-checks and runs deploy/helm/test/*.helm.test.ts (node's test runner)
#      on the rendered YAML: what schemas cannot see (labels, probes, budgets,
#      images, topics, ACLs, policies, each service's env against its config schema).
# Not part of `npm test`: a machine with only Node, Java and Maven has no Go to build helm.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
tools="$root/.atalaia/tools"
rendered="$root/.atalaia/helm-rendered"
schemas="$root/deploy/k8s-schemas"
helm_version=v3.21.4
kubeconform_version=v0.8.0
kube_version=1.35.0
namespace=atalaia

say() { printf '[helm] %s\n' "$*"; }

# ensure_tool <name> <go package> <version>: .atalaia/tools/<name> at that version, built if it is not.
ensure_tool() {
  local name=$1 package=$2 version=$3
  local binary="$tools/$name" stamp="$tools/$name.version"
  if [[ -x $binary && -f $stamp && $(cat "$stamp") == "$version" ]]; then
    return
  fi
  if ! command -v go >/dev/null 2>&1; then
    say "go is missing: it builds $name $version into .atalaia/tools (go install $package@$version)." >&2
    say "Install Go (1.26 or later; an older go fetches that toolchain itself), or put a $name $version binary at $binary and write $version to $stamp." >&2
    exit 1
  fi
  say "building $name $version into .atalaia/tools (go install, once)…"
  mkdir -p "$tools"
  local started=$SECONDS
  GOBIN="$tools" GOFLAGS=-mod=mod go install "$package@$version"
  echo "$version" >"$stamp"
  say "built $name in $((SECONDS - started)) s"
}

ensure_tool helm helm.sh/helm/v3/cmd/helm "$helm_version"
ensure_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$kubeconform_version"
helm="$tools/helm"
kubeconform="$tools/kubeconform"

# Release names as the README installs them.
declare -A releases=([atalaia-infra]=atalaia-infra [atalaia]=atalaia)
charts=(atalaia-infra atalaia)
profiles=(default secured)

rm -rf "$rendered"
for profile in "${profiles[@]}"; do
  mkdir -p "$rendered/$profile"
  for chart in "${charts[@]}"; do
    dir="deploy/helm/$chart"
    values=()
    if [[ $profile != default ]]; then
      values=(--values "$dir/ci/$profile-values.yaml")
    fi
    say "lint $chart ($profile)"
    "$helm" lint --strict --quiet "$dir" --namespace "$namespace" --kube-version "$kube_version" "${values[@]}"
    "$helm" template "${releases[$chart]}" "$dir" --namespace "$namespace" --kube-version "$kube_version" "${values[@]}" \
      >"$rendered/$profile/$chart.yaml"
  done
done

say "kubeconform -strict against deploy/k8s-schemas (Kubernetes $kube_version and the operators' CRDs)"
"$kubeconform" -strict -summary -kubernetes-version "$kube_version" \
  -schema-location "$schemas/kubernetes/v$kube_version-strict/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  -schema-location "$schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
  "$rendered"/*/*.yaml

say "checks on the rendered manifests"
"$root/node_modules/.bin/tsc" -p deploy/helm/test/tsconfig.json
ATALAIA_HELM_RENDERED="$rendered" "$root/node_modules/.bin/tsx" --test --test-reporter=spec deploy/helm/test/*.helm.test.ts
