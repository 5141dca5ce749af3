#!/usr/bin/env bash
# Installs schemathesis (the OpenAPI fuzzer `npm test` runs against every app) into a virtualenv
# of its own, from PyPI, pinned with its dependencies in infra/schemathesis/requirements.txt.
#
#   scripts/schemathesis.sh fetch   install once into .cache/schemathesis/<hash of the pins>
#   scripts/schemathesis.sh path    print the path of the `st` command (installing if needed)
set -euo pipefail
cd "$(dirname "$0")/.."

PINS=infra/schemathesis/requirements.txt
VENV=".cache/schemathesis/$(sha256sum "$PINS" | cut -c1-12)"

fetch() {
  [ -x "$VENV/bin/st" ] && return 0
  echo "installing schemathesis ($PINS) into $VENV..." >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$PINS" >&2
}

case "${1:-}" in
  fetch) fetch ;;
  path) fetch; echo "$PWD/$VENV/bin/st" ;;
  *) echo "usage: $0 fetch|path" >&2; exit 2 ;;
esac
