#!/usr/bin/env bash
# Builds every app with the Nest CLI (tsc builder) into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
for app in clickhouse-embedded gateway writer query dlq migrate; do
  npx nest build "$app"
done
