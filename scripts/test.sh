#!/usr/bin/env bash
# `npm test`: installs what is missing, builds, runs every test (unit and end to end, against a
# real Kafka broker and the real ClickHouse engine), and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-installed.sh || exit 1
# The OpenAPI fuzzer of test/fuzz, Prometheus' promtool (test/e2e/metrics-lint) and helm,
# kubeconform and docker-compose (test/deploy-tools.spec.ts): for the tests only, so not in
# ensure-installed (npm start's).
bash scripts/schemathesis.sh fetch || exit 1
bash scripts/prometheus.sh fetch || exit 1
bash scripts/deploy-tools.sh fetch || exit 1
bash scripts/build.sh || exit 1

results=.cache/jest-results.json
mkdir -p .cache && rm -f "$results"
npx jest --ci --json --outputFile="$results" "$@"
jest_status=$?

node -e '
  const fs = require("fs");
  const file = process.argv[1];
  if (!fs.existsSync(file)) { console.log("0 passed, 1 failed"); process.exit(1); }
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const passed = r.numPassedTests;
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
' "$results"
summary_status=$?
[ "$summary_status" -ne 0 ] && exit "$summary_status"
exit "$jest_status"
