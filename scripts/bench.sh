#!/usr/bin/env bash
# `npm run bench`: installs what is missing, builds the apps and the bench, then runs the benchmark
# suite (bench/main.ts) on a platform of its own: free ports and temporary directories, so it runs
# beside `npm start` and `npm test`. BENCH_SIZE=small|full (default full); see docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-installed.sh
bash scripts/build.sh
npx tsc -p bench/tsconfig.json
exec node dist/bench/main.js
