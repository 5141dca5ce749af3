#!/usr/bin/env bash
# Installs what a fresh clone lacks: the npm packages (from package-lock.json) and the Kafka jars.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm packages (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/kafka.sh fetch
