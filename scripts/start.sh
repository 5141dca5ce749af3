#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, then runs the whole platform on its embedded
# defaults: a local Kafka broker, the embedded ClickHouse engine, the writer, the gateway and
# the query app. Ctrl-C stops them all. Data stays in .data/ between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

bash scripts/ensure-installed.sh
bash scripts/build.sh

export KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export CLICKHOUSE_EMBEDDED_PORT="${CLICKHOUSE_EMBEDDED_PORT:-8123}"
export CLICKHOUSE_EMBEDDED_PATH="${CLICKHOUSE_EMBEDDED_PATH:-$ROOT/.data/clickhouse}"
export CLICKHOUSE_URL="${CLICKHOUSE_URL:-http://127.0.0.1:$CLICKHOUSE_EMBEDDED_PORT}"
export GATEWAY_PORT="${GATEWAY_PORT:-8080}" QUERY_PORT="${QUERY_PORT:-8081}" WRITER_PORT="${WRITER_PORT:-8082}"
export GATEWAY_MANAGEMENT_PORT="${GATEWAY_MANAGEMENT_PORT:-9080}" QUERY_MANAGEMENT_PORT="${QUERY_MANAGEMENT_PORT:-9081}" WRITER_MANAGEMENT_PORT="${WRITER_MANAGEMENT_PORT:-9082}"
# Clients read where they write: the gateway forwards the query app's reads to it (GATEWAY_READS_URL= npm start: it does not).
export GATEWAY_READS_URL="${GATEWAY_READS_URL-http://127.0.0.1:$QUERY_PORT}"
LOGS="$ROOT/.data/logs"
mkdir -p "$LOGS"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for ((i=${#pids[@]}-1; i>=0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash scripts/kafka.sh stop
  echo "stopped."
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

# Waits until url answers, or gives up naming what it waited for and where its log is.
wait_http() {
  local name=$1 url=$2 log=$3 deadline=$((SECONDS + 90))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      echo "$name did not answer $url within 90 s; last lines of $log:"; tail -n 30 "$log"; exit 1
    fi
    sleep 0.3
  done
}

run() {
  local name=$1; shift
  "$@" >"$LOGS/$name.log" 2>&1 &
  pids+=($!)
}

bash scripts/kafka.sh start
run clickhouse node dist/apps/clickhouse-embedded/apps/clickhouse-embedded/src/main.js
wait_http "embedded ClickHouse" "$CLICKHOUSE_URL/ping" "$LOGS/clickhouse.log"
run writer node dist/apps/writer/apps/writer/src/main.js
# An app's management server listens after its API: its /health answering means both do.
wait_http writer "http://127.0.0.1:$WRITER_MANAGEMENT_PORT/health" "$LOGS/writer.log"
run gateway node dist/apps/gateway/apps/gateway/src/main.js
run query node dist/apps/query/apps/query/src/main.js
wait_http gateway "http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT/health" "$LOGS/gateway.log"
wait_http query "http://127.0.0.1:$QUERY_MANAGEMENT_PORT/health" "$LOGS/query.log"

gateway_reads=""
if [[ -n $GATEWAY_READS_URL ]]; then gateway_reads=", the query app's reads too (forwarded to $GATEWAY_READS_URL)"; fi
cat <<MSG

Tributary is running (logs in .data/logs/, Ctrl-C stops everything):
  gateway     http://127.0.0.1:$GATEWAY_PORT   POST /events, /events/batch, and every source (docs/sources.md)$gateway_reads, Swagger UI at /swagger
  query       http://127.0.0.1:$QUERY_PORT   GET /events/metrics and the other reads, Swagger UI at /swagger
  writer      consumes the events topic into ClickHouse
  management  http://127.0.0.1:$GATEWAY_MANAGEMENT_PORT (gateway), :$QUERY_MANAGEMENT_PORT (query), :$WRITER_MANAGEMENT_PORT (writer)   GET /metrics, /health, /ready
  kafka       $KAFKA_BROKERS
  clickhouse  $CLICKHOUSE_URL (embedded engine, data in ${CLICKHOUSE_EMBEDDED_PATH#$ROOT/})
MSG
if [[ ${TRIBUTARY_AUTH:-open} == open ]]; then
  cat <<MSG

  !!! KEYS ARE OFF (TRIBUTARY_AUTH=open): anyone who reaches these ports may send events and read
  !!! every event, all in project "default". For local use only: README, "Keys and projects",
  !!! turns keys on (TRIBUTARY_AUTH=keys TRIBUTARY_KEYS_FILE=keys.json npm start).
MSG
fi
wait -n "${pids[@]}" || true
echo "a component exited; see .data/logs/"
exit 1
