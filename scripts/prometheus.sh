#!/usr/bin/env bash
# Installs Prometheus' own tools for the tests, from Debian's `prometheus` package: promtool
# (`promtool check metrics` lints every app's /metrics in npm test) and the prometheus server.
# Nothing is installed system-wide and no service starts: the package is downloaded with
# `apt-get download` and unpacked with `dpkg -x` into .cache/prometheus/<its version>.
#
#   scripts/prometheus.sh fetch   download and unpack the candidate version once
#   scripts/prometheus.sh path    print the path of promtool, then of prometheus, one a line (fetching if needed)
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=.cache/prometheus
CURRENT="$CACHE/current"

fetch() {
  [ -x "$CURRENT/usr/bin/promtool" ] && [ -x "$CURRENT/usr/bin/prometheus" ] && return 0
  local version
  version="$(apt-cache policy prometheus | sed -n 's/^ *Candidate: //p')"
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    echo "prometheus.sh: apt knows no prometheus package (run apt-get update?)" >&2
    exit 1
  fi
  echo "unpacking Debian's prometheus $version into $CACHE/$version..." >&2
  # Unpacked in a directory of this run's own, then renamed into place whole, unless another run
  # fetching at the same time got there first.
  tmp="$CACHE/tmp.$$"
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/root"
  (cd "$tmp" && apt-get download -q "prometheus=$version" >&2)
  dpkg -x "$tmp"/prometheus_*.deb "$tmp/root"
  mv -T "$tmp/root" "$CACHE/$version" 2>/dev/null || [ -x "$CACHE/$version/usr/bin/promtool" ]
  ln -sfn "$version" "$CURRENT"
}

case "${1:-}" in
  fetch) fetch ;;
  path) fetch; echo "$PWD/$CURRENT/usr/bin/promtool"; echo "$PWD/$CURRENT/usr/bin/prometheus" ;;
  *) echo "usage: $0 fetch|path" >&2; exit 2 ;;
esac
