#!/usr/bin/env bash
# Installs the tools test/deploy-tools.spec.ts checks the deployment files with, pinned here:
#   helm          built from its Go module (helm lint, helm template of deploy/helm/tributary)
#   kubeconform   built from its Go module; validates the rendered manifests offline against
#   schemas/      JSON schemas made from Kubernetes' own OpenAPI document (api/openapi-spec/swagger.json
#                 of the k8s.io/kubernetes module) by infra/deploy-tools/kubernetes-json-schemas.js, and the
#                 ServiceMonitor's from the Prometheus Operator module's CRD by infra/deploy-tools/crd-json-schemas.js
#   docker-compose  Debian's (1.29, Python), unpacked with its Python dependencies; `config`
#                 validates docker-compose.yml without a Docker engine
# Nothing is installed system-wide: everything lands in .cache/deploy-tools/, one folder per pin.
#
#   scripts/deploy-tools.sh fetch         build, download and unpack once
#   scripts/deploy-tools.sh path TOOL     print the path of helm, kubeconform, docker-compose or schemas (fetching if needed)
set -euo pipefail
cd "$(dirname "$0")/.."

HELM_VERSION=v3.22.0
KUBECONFORM_VERSION=v0.8.0
KUBERNETES_VERSION=v1.35.4
PROMETHEUS_OPERATOR_VERSION=v0.85.0
COMPOSE_PACKAGES=(docker-compose python3-attr python3-cached-property python3-certifi python3-chardet
  python3-charset-normalizer python3-distro python3-docker python3-dockerpty python3-docopt python3-dotenv
  python3-idna python3-jsonschema python3-pyrsistent python3-requests python3-six python3-texttable
  python3-urllib3 python3-websocket python3-yaml)

CACHE="$PWD/.cache/deploy-tools"
HELM="$CACHE/helm-$HELM_VERSION/helm"
KUBECONFORM="$CACHE/kubeconform-$KUBECONFORM_VERSION/kubeconform"
SCHEMAS="$CACHE/kubernetes-$KUBERNETES_VERSION-prometheus-operator-$PROMETHEUS_OPERATOR_VERSION-schemas"
COMPOSE_ROOT="$CACHE/docker-compose"
COMPOSE="$COMPOSE_ROOT/docker-compose"
GO="$(command -v go || echo /usr/local/go/bin/go)"

go_install() { # go_install <package>@<version> <dir>
  echo "building $1 into $2..." >&2
  GOBIN="$2" GOFLAGS=-mod=mod "$GO" install "$1" >&2
}

fetch_schemas() {
  [ -f "$SCHEMAS/servicemonitor-monitoring-v1.json" ] && return 0
  echo "making JSON schemas from k8s.io/kubernetes@$KUBERNETES_VERSION's OpenAPI document..." >&2
  local module
  module="$(GOFLAGS=-mod=mod "$GO" mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).Dir)')"
  rm -rf "$SCHEMAS.tmp.$$"
  node infra/deploy-tools/kubernetes-json-schemas.js "$module/api/openapi-spec/swagger.json" "$SCHEMAS.tmp.$$"
  module="$(GOFLAGS=-mod=mod "$GO" mod download -json "github.com/prometheus-operator/prometheus-operator@$PROMETHEUS_OPERATOR_VERSION" | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).Dir)')"
  node infra/deploy-tools/crd-json-schemas.js "$module/jsonnet/prometheus-operator/servicemonitors-crd.json" "$SCHEMAS.tmp.$$"
  mv -T "$SCHEMAS.tmp.$$" "$SCHEMAS" 2>/dev/null || rm -rf "$SCHEMAS.tmp.$$"
}

fetch_compose() {
  [ -x "$COMPOSE" ] && return 0
  echo "unpacking Debian's docker-compose and its Python dependencies into $COMPOSE_ROOT..." >&2
  local tmp="$CACHE/compose.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp/debs" "$tmp/root"
  (cd "$tmp/debs" && apt-get download -q "${COMPOSE_PACKAGES[@]}" >&2)
  for deb in "$tmp"/debs/*.deb; do dpkg -x "$deb" "$tmp/root"; done
  # The packages' modules come first, before whatever the interpreter has installed itself.
  cat > "$tmp/root/docker-compose" <<'WRAPPER'
#!/usr/bin/env bash
here="$(dirname "$(readlink -f "$0")")"
python=/usr/bin/python3   # Debian's, the one its packages are built for (3.11: compose 1.29 needs distutils)
[ -x "$python" ] || python=python3
PYTHONPATH="$here/usr/lib/python3/dist-packages" exec "$python" "$here/usr/bin/docker-compose" "$@"
WRAPPER
  chmod +x "$tmp/root/docker-compose"
  mv -T "$tmp/root" "$COMPOSE_ROOT" 2>/dev/null || true
  rm -rf "$tmp"
}

fetch() {
  [ -x "$HELM" ] || go_install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" "$(dirname "$HELM")"
  [ -x "$KUBECONFORM" ] || go_install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" "$(dirname "$KUBECONFORM")"
  fetch_schemas
  fetch_compose
}

case "${1:-} ${2:-}" in
  "fetch ") fetch ;;
  "path helm") fetch; echo "$HELM" ;;
  "path kubeconform") fetch; echo "$KUBECONFORM" ;;
  "path schemas") fetch; echo "$SCHEMAS" ;;
  "path docker-compose") fetch; echo "$COMPOSE" ;;
  *) echo "usage: $0 fetch | path helm|kubeconform|schemas|docker-compose" >&2; exit 2 ;;
esac
