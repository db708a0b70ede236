#!/usr/bin/env bash
# Checks the Helm chart helm/justfit and the plain manifests in k8s/ generated from it.
#
#   scripts/check-chart.sh            lint, render, validate; fails if k8s/justfit.yaml is stale
#   scripts/check-chart.sh --update   the same, after regenerating k8s/justfit.yaml
#
# Steps:
#   1. helm v3.22.0 (installed with `go install` into .tools/bin or $JUSTFIT_TOOLS_DIR when missing)
#   2. helm lint --strict with the default values and with every helm/justfit/ci/*-values.yaml
#   3. helm template with the same value sets, plus values that values.schema.json or the templates must reject;
#      the PrometheusRule's alert expressions parsed with Prometheus's PromQL grammar (scripts/check-alert-rules.ts)
#   4. k8s/justfit.yaml equals a fresh `helm template` with default values
#   5. validation of every render:
#      - kubeconform (go install'ed) when its schemas can be had: from $KUBECONFORM_SCHEMA_LOCATION (a local
#        copy of kubernetes-json-schema) or by download; where neither works (this workplace has no internet
#        besides package registries) it is skipped and the script says so;
#      - always: helm/tools/manifest-check (Go, built here), which parses the YAML and decodes every object
#        strictly into the Kubernetes API types, then checks selectors, references and the security context.
# Exits non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${JUSTFIT_TOOLS_DIR:-$root/.tools/bin}"
chart="$root/helm/justfit"
manifests="$root/k8s/justfit.yaml"
helm_version="v3.22.0"
kubeconform_version="v0.8.0"
# KUBE_VERSION is the Kubernetes version the chart is rendered and validated for. A `go install`ed helm has no
# build-time Kubernetes version (it reports v1.20.0), so it is always passed explicitly.
kube_version="${KUBE_VERSION:-1.31.0}"
release="justfit"
namespace="justfit"
update=0
case "${1:-}" in
  --update) update=1 ;;
  "") ;;
  *) echo "usage: $0 [--update]" >&2; exit 2 ;;
esac

mkdir -p "$bin"
export PATH="$bin:$PATH"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

need_go() {
  command -v go >/dev/null 2>&1 || fail "Go is needed to install $1 (go install) and is not on PATH"
}

# --- 1. tools -------------------------------------------------------------------------------------------
step "helm"
# The pinned helm in $bin is used (not whatever helm is on PATH), so every machine lints with the same rules.
# The ldflags are those of helm's own Makefile for this release (client-go v0.37 -> Kubernetes 1.37): without
# them a `go install`ed helm reports version "v3.22" and assumes Kubernetes v1.20.0.
if [ ! -x "$bin/helm" ] || [ "$("$bin/helm" version --template '{{.Version}}' 2>/dev/null)" != "$helm_version" ]; then
  need_go helm
  echo "installing helm $helm_version into $bin"
  pkg="helm.sh/helm/v3"
  GOBIN="$bin" GOFLAGS=-mod=mod go install -ldflags "-w -s -X $pkg/internal/version.version=$helm_version \
    -X $pkg/pkg/lint/rules.k8sVersionMajor=1 -X $pkg/pkg/lint/rules.k8sVersionMinor=37 \
    -X $pkg/pkg/chartutil.k8sVersionMajor=1 -X $pkg/pkg/chartutil.k8sVersionMinor=37" \
    "$pkg/cmd/helm@$helm_version"
fi
helm() { "$bin/helm" "$@"; }
helm version --short

# --- 2. lint --------------------------------------------------------------------------------------------
value_sets=("default")
for f in "$chart"/ci/*-values.yaml; do
  [ -e "$f" ] && value_sets+=("$f")
done
values_args() { [ "$1" = "default" ] || printf '%s\n' "--values" "$1"; }
label() { [ "$1" = "default" ] && echo "default values" || echo "${1#"$root"/}"; }

step "helm lint --strict"
for set in "${value_sets[@]}"; do
  mapfile -t args < <(values_args "$set")
  echo "-- $(label "$set")"
  helm lint --strict --kube-version "$kube_version" "$chart" "${args[@]}"
done

# --- 3. render ------------------------------------------------------------------------------------------
step "helm template"
renders=()
render_labels=()
i=0
for set in "${value_sets[@]}"; do
  mapfile -t args < <(values_args "$set")
  out="$work/render-$i.yaml"
  helm template "$release" "$chart" --namespace "$namespace" --kube-version "$kube_version" "${args[@]}" >"$out"
  echo "$(label "$set"): $(grep -c '^kind:' "$out") objects ($(grep '^kind:' "$out" | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $3; sep=", "}'))"
  renders+=("$out")
  render_labels+=("$(label "$set")")
  i=$((i + 1))
done

echo "-- values that must be rejected"
must_reject() { # description, helm args...
  local what="$1"; shift
  if helm template "$release" "$chart" --kube-version "$kube_version" "$@" >/dev/null 2>"$work/reject.err"; then
    fail "accepted $what"
  fi
  echo "rejected $what: $(grep -v -e '^\s*$' -e '--debug' "$work/reject.err" | tr -s '\n' ' ' | cut -c1-220)"
}
must_reject "a misspelt key (services.etl.replicas)" --set services.etl.replicas=2
must_reject "an unknown service (services.web)" --set services.web.enabled=true
must_reject "NATS stream replicas 2" --set nats.streamReplicas=2
must_reject "image tag latest" --set image.tag=latest
must_reject "etl replicas above the RAW partitions (one writer per partition)" --set services.etl.replicaCount=5
must_reject "RAW partitions 0" --set nats.rawPartitions=0
must_reject "masterKey.create with masterKey.existingSecret" --set masterKey.create=true --set masterKey.existingSecret=mine

echo "-- rendering is deterministic"
# GitOps tools (Argo CD) render with `helm template` and apply the result: anything random or time-dependent in a
# render (a generated key or password) would change the deployed objects at every sync.
for i in "${!value_sets[@]}"; do
  mapfile -t args < <(values_args "${value_sets[$i]}")
  helm template "$release" "$chart" --namespace "$namespace" --kube-version "$kube_version" "${args[@]}" >"$work/again.yaml"
  if ! diff -u "${renders[$i]}" "$work/again.yaml" >"$work/again.diff"; then
    head -n 20 "$work/again.diff" >&2
    fail "two renders of $(label "${value_sets[$i]}") differ"
  fi
done
echo "two renders of every value set are identical"

echo "-- the NATS account the chart renders is one nats-server accepts"
# The ConfigMap <fullname>-nats-accounts is what operators include in their nats-server configuration; nats-server
# checks it (-t) as it would at start, with the password variables the services' Secret provides.
nats_server="${JUSTFIT_TOOLS_DIR:-$root/.tools/bin}/nats-server"
[ -x "$nats_server" ] || bash "$root/scripts/install-tools.sh" >/dev/null
for values in default "$chart/ci/nkey-values.yaml"; do
  mapfile -t args < <(values_args "$values")
  helm template "$release" "$chart" --namespace "$namespace" --kube-version "$kube_version" "${args[@]}" \
    --show-only templates/nats-accounts-configmap.yaml >"$work/nats-cm.yaml"
  python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["data"]["justfit-accounts.conf"])' \
    "$work/nats-cm.yaml" >"$work/justfit-accounts.conf"
  printf 'listen: "127.0.0.1:-1"\njetstream { store_dir: "%s" }\ninclude ./justfit-accounts.conf\n' "$work/js" >"$work/nats.conf"
  (
    for svc in COLLECTOR ETL ANALYZER REPORTER SCHEDULER QUERY_API; do export "JUSTFIT_NATS_${svc}_PASSWORD=check-$svc"; done
    "$nats_server" -t -c "$work/nats.conf"
  ) || fail "nats-server refuses the account rendered with $(label "$values")"
done

echo "-- the ClickHouse users file the chart renders is well-formed XML"
helm template "$release" "$chart" --namespace "$namespace" --kube-version "$kube_version" \
  --show-only templates/clickhouse-users-configmap.yaml >"$work/ch-cm.yaml"
python3 - "$work/ch-cm.yaml" <<'PY' || fail "the ClickHouse users file is not valid XML"
import sys, yaml, xml.etree.ElementTree as ET
users = ET.fromstring(yaml.safe_load(open(sys.argv[1]))["data"]["justfit-users.xml"]).find("users")
names = sorted(u.tag for u in users)
assert names == ["justfit_analyzer", "justfit_etl", "justfit_query_api", "justfit_reporter"], names
print("users.d file parses: " + ", ".join(names))
PY

echo "-- the alert expressions of the PrometheusRule parse as PromQL"
helm template "$release" "$chart" --namespace "$namespace" --kube-version "$kube_version" \
  --values "$chart/ci/all-values.yaml" --show-only templates/prometheusrule.yaml \
  | python3 -c 'import sys, yaml, json; print(json.dumps(yaml.safe_load(sys.stdin)))' \
  | (cd "$root" && node --import tsx scripts/check-alert-rules.ts) || fail "an alert expression is not valid PromQL"

echo "-- NOTES.txt"
# `helm template` does not render NOTES.txt and `helm install --dry-run` needs a cluster, so a scratch copy of
# the chart renders it inside a ConfigMap, once per value set; the default values' notes are shown.
cp -r "$chart" "$work/notes-chart"
{
  echo '{{- define "justfit.notesCheck" -}}'
  cat "$chart/templates/NOTES.txt"
  echo '{{- end }}'
} >"$work/notes-chart/templates/_notes-check.tpl"
cat >"$work/notes-chart/templates/notes-check.yaml" <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: notes-check
data:
  notes: |
    {{- include "justfit.notesCheck" . | nindent 4 }}
EOF
for set in "${value_sets[@]}"; do
  mapfile -t args < <(values_args "$set")
  helm template "$release" "$work/notes-chart" --namespace "$namespace" --kube-version "$kube_version" \
    --show-only templates/notes-check.yaml "${args[@]}" >"$work/notes.yaml" || fail "NOTES.txt does not render with $(label "$set")"
  grep -q '/graphql' "$work/notes.yaml" || fail "NOTES.txt with $(label "$set") does not give the GraphQL URL"
  if [ "$set" = "default" ]; then
    sed -n '/^  notes: |/,$p' "$work/notes.yaml" | tail -n +2 | sed 's/^    /   | /'
  fi
done
echo "NOTES.txt renders with every value set"

# --- 4. k8s/justfit.yaml --------------------------------------------------------------------------------
step "k8s/justfit.yaml"
{
  echo "# GENERATED from helm/justfit with its default values by scripts/check-chart.sh --update; do not edit."
  echo "# Command: helm template $release helm/justfit --namespace $namespace --kube-version $kube_version --skip-tests"
  echo "# Before applying it, read k8s/README.md (namespace, NATS and ClickHouse URLs, the master key Secret)."
  helm template "$release" "$chart" --namespace "$namespace" --kube-version "$kube_version" --skip-tests
} >"$work/justfit.yaml"
if [ "$update" = 1 ]; then
  cp "$work/justfit.yaml" "$manifests"
  echo "regenerated ${manifests#"$root"/}"
elif ! diff -u "$manifests" "$work/justfit.yaml" >"$work/k8s.diff" 2>&1; then
  head -n 40 "$work/k8s.diff" >&2
  fail "k8s/justfit.yaml is not the chart's current output: run scripts/check-chart.sh --update"
else
  echo "k8s/justfit.yaml matches the chart"
fi
renders+=("$manifests")
render_labels+=("k8s/justfit.yaml")

# --- 5. validate ----------------------------------------------------------------------------------------
step "kubeconform"
kubeconform_ok=0
if ! command -v kubeconform >/dev/null 2>&1 && command -v go >/dev/null 2>&1; then
  echo "installing kubeconform $kubeconform_version into $bin"
  GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/yannh/kubeconform/cmd/kubeconform@$kubeconform_version" ||
    echo "kubeconform could not be installed"
fi
if command -v kubeconform >/dev/null 2>&1; then
  kc_args=(-strict -summary -ignore-missing-schemas -kubernetes-version "$kube_version")
  if [ -n "${KUBECONFORM_SCHEMA_LOCATION:-}" ]; then
    kc_args+=(-schema-location "$KUBECONFORM_SCHEMA_LOCATION")
  fi
  # Probe once with one object: without reachable schemas every object fails with "failed downloading schema".
  printf 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: probe\n' >"$work/probe.yaml"
  if kubeconform "${kc_args[@]}" "$work/probe.yaml" >"$work/probe.out" 2>&1; then
    kubeconform_ok=1
    for r in "${renders[@]}"; do
      kubeconform "${kc_args[@]}" "$r"
    done
  elif grep -q "failed downloading schema" "$work/probe.out"; then
    echo "SKIPPED: kubeconform is installed but cannot download its schemas here (no internet besides package"
    echo "registries); set KUBECONFORM_SCHEMA_LOCATION to a local kubernetes-json-schema copy to use it."
    echo "Falling back to helm template + manifest-check (YAML parse + strict decoding into the Kubernetes types)."
  else
    cat "$work/probe.out" >&2
    fail "kubeconform failed on a trivial manifest"
  fi
else
  echo "SKIPPED: kubeconform is not installed and could not be (no Go); falling back to manifest-check / YAML parse"
fi

step "manifest-check (strict decoding into the Kubernetes API types)"
if command -v go >/dev/null 2>&1 &&
  (cd "$root/helm/tools/manifest-check" && go build -o "$work/manifest-check" .); then
  # One file at a time: selectors and references must resolve within the render they belong to.
  for i in "${!renders[@]}"; do
    printf '%s -> ' "${render_labels[$i]}"
    "$work/manifest-check" "${renders[$i]}"
  done
else
  echo "manifest-check could not be built (needs Go): YAML parse only"
  command -v python3 >/dev/null 2>&1 || fail "neither Go nor python3: nothing can parse the renders"
  python3 - "${renders[@]}" <<'PY'
import sys, yaml
for path in sys.argv[1:]:
    docs = [d for d in yaml.safe_load_all(open(path)) if d]
    for d in docs:
        assert d.get("apiVersion") and d.get("kind") and d.get("metadata", {}).get("name"), (path, d)
    print(f"{path}: {len(docs)} documents parse")
PY
fi

if [ "$kubeconform_ok" = 1 ]; then
  echo; echo "chart OK (lint, render, schema rejections, k8s/justfit.yaml up to date, kubeconform, manifest-check)"
else
  echo; echo "chart OK (lint, render, schema rejections, k8s/justfit.yaml up to date, manifest-check; kubeconform skipped: no schemas)"
fi
