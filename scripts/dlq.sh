#!/usr/bin/env bash
# `npm run dlq -- list|replay ...`: lists or replays the dead letters (apps/dlq; `npm run dlq -- help`).
# Builds it first when dist/ lacks it (`npm run build` rebuilds it after a change), then runs it
# with the caller's arguments and environment (KAFKA_BROKERS, KAFKA_TOPIC, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
main=dist/apps/dlq/apps/dlq/src/main.js
if [ ! -f "$main" ]; then
  npx nest build dlq >&2
fi
exec node "$main" "$@"
