#!/usr/bin/env bash
# Runs a real Apache Kafka broker locally, without Docker: the jars come from Maven Central
# (infra/kafka/pom.xml), and one combined broker+controller runs in KRaft mode on 127.0.0.1.
#
#   scripts/kafka.sh fetch    download the pinned jars into .cache/kafka/<version>/libs (once)
#   scripts/kafka.sh start    fetch if needed, format the data dir if needed, start the broker
#                             in the background and wait until it answers Kafka requests
#   scripts/kafka.sh stop     SIGTERM the broker (SIGKILL after KAFKA_STOP_TIMEOUT_S); fine if not running
#   scripts/kafka.sh status   exit 0 if the broker of this data dir runs, 1 otherwise
#
# Environment (all optional):
#   KAFKA_PORT              client listener port            (default 9092)
#   KAFKA_CONTROLLER_PORT   KRaft controller listener port  (default 9093)
#   KAFKA_DATA_DIR          data, logs, pid file            (default <repo>/.data/kafka)
#   KAFKA_START_TIMEOUT_S   how long start waits for the broker to answer (default 90)
#   KAFKA_STOP_TIMEOUT_S    how long stop waits after SIGTERM before SIGKILL (default 30)
#   KAFKA_HEAP_OPTS         broker heap                     (default "-Xmx512m -Xms256m")
#   KAFKA_VERBOSE           if set, start also prints how long the broker took to answer
#   KAFKA_EXTRA_LISTENERS   more listeners beside PLAINTEXT on KAFKA_PORT, named by their
#                           protocol, e.g. "SASL_PLAINTEXT://127.0.0.1:9094,SSL://127.0.0.1:9095"
#                           (PLAINTEXT stays: the broker's own traffic and the start-up check use it)
#   KAFKA_EXTRA_PROPERTIES  a file appended to server.properties (JAAS, SASL mechanisms, keystores)
#   KAFKA_SCRAM_CREDENTIALS SCRAM users written when the storage is formatted, space-separated,
#                           e.g. "SCRAM-SHA-256=[name=alice,password=alice-secret]"
#
# Layout of the data dir: server.properties (rendered on each start), data/ (log.dirs and the
# KRaft metadata log), logs/server.log (broker log), kafka.pid, kafka.out (JVM stdout/stderr).
set -euo pipefail

KAFKA_VERSION=4.4.0

# Resolve the script's own location (through symlinks), whatever the caller's cwd.
SCRIPT_PATH="$(readlink -f -- "${BASH_SOURCE[0]}" 2>/dev/null || printf '%s' "${BASH_SOURCE[0]}")"
case "$SCRIPT_PATH" in
  */*) SCRIPT_DIR="${SCRIPT_PATH%/*}" ;;
  *) SCRIPT_DIR=. ;;
esac
SCRIPT_DIR="$(cd -- "${SCRIPT_DIR:-/}" && pwd -P)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/.." && pwd -P)"
POM="$REPO_ROOT/infra/kafka/pom.xml"
TEMPLATE="$REPO_ROOT/infra/kafka/server.properties.template"
LOG4J_CONFIG="$REPO_ROOT/infra/kafka/log4j2.yaml"
CACHE_DIR="$REPO_ROOT/.cache/kafka/$KAFKA_VERSION"
LIBS_DIR="$CACHE_DIR/libs"
FETCH_MARKER="$CACHE_DIR/.fetched"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$REPO_ROOT/.data/kafka}"
KAFKA_START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-90}"
KAFKA_STOP_TIMEOUT_S="${KAFKA_STOP_TIMEOUT_S:-30}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
KAFKA_EXTRA_LISTENERS="${KAFKA_EXTRA_LISTENERS:-}"
KAFKA_EXTRA_PROPERTIES="${KAFKA_EXTRA_PROPERTIES:-}"
KAFKA_SCRAM_CREDENTIALS="${KAFKA_SCRAM_CREDENTIALS:-}"

# A relative KAFKA_DATA_DIR is relative to the caller's cwd; from here on it is absolute.
case "$KAFKA_DATA_DIR" in
  /*) ;;
  *) KAFKA_DATA_DIR="$PWD/$KAFKA_DATA_DIR" ;;
esac

PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
PROPS_FILE="$KAFKA_DATA_DIR/server.properties"
LOGS_DIR="$KAFKA_DATA_DIR/logs"
BROKER_LOG="$LOGS_DIR/server.log"
JVM_OUT="$KAFKA_DATA_DIR/kafka.out"
FORMAT_INFO="$KAFKA_DATA_DIR/formatted-with"

log() { printf '%s\n' "$*"; }
err() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

require_cmd() {
  local cmd="$1" hint="$2"
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is not installed or not on PATH ($hint)"
}

# Milliseconds since the epoch, from bash's own clock (no fork).
now_ms() {
  local t="${EPOCHREALTIME//[.,]/}"
  printf '%s' "$((10#$t / 1000))"
}

is_port() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 > 0 && $1 < 65536 )); }

validate_env() {
  is_port "$KAFKA_PORT" || die "KAFKA_PORT must be a TCP port, got '$KAFKA_PORT'"
  is_port "$KAFKA_CONTROLLER_PORT" || die "KAFKA_CONTROLLER_PORT must be a TCP port, got '$KAFKA_CONTROLLER_PORT'"
  [[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT must differ (both $KAFKA_PORT)"
  [[ "$KAFKA_START_TIMEOUT_S" =~ ^[0-9]+$ ]] || die "KAFKA_START_TIMEOUT_S must be a whole number of seconds"
  [[ "$KAFKA_STOP_TIMEOUT_S" =~ ^[0-9]+$ ]] || die "KAFKA_STOP_TIMEOUT_S must be a whole number of seconds"
  [[ -z "$KAFKA_EXTRA_LISTENERS" || "$KAFKA_EXTRA_LISTENERS" =~ ^[A-Z_]+://[^,]+:[0-9]+(,[A-Z_]+://[^,]+:[0-9]+)*$ ]] \
    || die "KAFKA_EXTRA_LISTENERS must be PROTOCOL://host:port[,...], got '$KAFKA_EXTRA_LISTENERS'"
  [[ -z "$KAFKA_EXTRA_PROPERTIES" || -r "$KAFKA_EXTRA_PROPERTIES" ]] || die "KAFKA_EXTRA_PROPERTIES: cannot read '$KAFKA_EXTRA_PROPERTIES'"
}

# ---------------------------------------------------------------- fetch

pom_digest() { sha256sum "$POM" | cut -d' ' -f1; }

fetch_is_complete() {
  [[ -f "$FETCH_MARKER" && -d "$LIBS_DIR" ]] && [[ "$(head -n1 "$FETCH_MARKER")" == "$(pom_digest)" ]]
}

# $1 = "announce" prints one line even when nothing had to be downloaded.
do_fetch() {
  if fetch_is_complete; then
    if [[ "${1:-}" == announce ]]; then
      log "kafka $KAFKA_VERSION already fetched: $(sed -n 2p "$FETCH_MARKER") in ${LIBS_DIR#"$REPO_ROOT"/}"
    fi
    return 0
  fi
  require_cmd mvn "Maven is needed to download Apache Kafka $KAFKA_VERSION from Maven Central"
  require_cmd java "Java 17+ is needed to run Kafka"
  mkdir -p "$CACHE_DIR"

  # Two runs fetching at once (parallel test runs) must not clobber each other.
  local lock_fd
  if command -v flock >/dev/null 2>&1; then
    exec {lock_fd}>"$CACHE_DIR/.fetch.lock"
    flock "$lock_fd"
    if fetch_is_complete; then
      exec {lock_fd}>&-
      return 0
    fi
  fi

  local tmp_libs="$CACHE_DIR/libs.tmp.$$" mvn_log="$CACHE_DIR/fetch.log" started_ms
  started_ms="$(now_ms)"
  rm -rf "$tmp_libs"
  if ! mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp_libs" -DincludeScope=runtime >"$mvn_log" 2>&1; then
    rm -rf "$tmp_libs"
    err "fetching Apache Kafka $KAFKA_VERSION with Maven failed (full output in $mvn_log):"
    tail -n 40 "$mvn_log" >&2
    exit 1
  fi
  if ! compgen -G "$tmp_libs/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null; then
    rm -rf "$tmp_libs"
    die "Maven finished but kafka_2.13-$KAFKA_VERSION.jar is not among the fetched jars (see $mvn_log)"
  fi
  rm -rf "$LIBS_DIR"
  mv "$tmp_libs" "$LIBS_DIR"
  local count size elapsed_ms
  elapsed_ms=$(( $(now_ms) - started_ms ))
  count=$(find "$LIBS_DIR" -maxdepth 1 -name '*.jar' | wc -l)
  size=$(du -sh "$LIBS_DIR" | cut -f1)
  printf '%s\n%s jars\n' "$(pom_digest)" "$count" >"$FETCH_MARKER"
  if [[ -n "${lock_fd:-}" ]]; then exec {lock_fd}>&-; fi
  log "kafka $KAFKA_VERSION fetched: $count jars, $size in ${LIBS_DIR#"$REPO_ROOT"/} ($((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s)"
}

# ---------------------------------------------------------------- process helpers

read_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  printf '%s' "$pid"
}

# True if $1 is alive and is the broker of this data dir (guards against a recycled pid).
is_our_broker() {
  local pid="$1" cmdline
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *kafka.Kafka*"$PROPS_FILE"* ]] || return 1
  fi
  return 0
}

running_pid() {
  local pid
  pid="$(read_pid)" || return 1
  is_our_broker "$pid" || return 1
  printf '%s' "$pid"
}

# Java for the short-lived tools: fast start-up matters more than throughput.
tool_java() {
  local log_file="$1"; shift
  java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOGS_DIR" -Dkafka.log.file="$log_file" \
    -cp "$LIBS_DIR/*" "$@"
}

new_cluster_id() {
  # A Kafka Uuid: 16 random bytes, URL-safe base64 without padding; must not start with '-'.
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" != -* && "$id" != "AAAAAAAAAAAAAAAAAAAAAA" && "$id" != "AAAAAAAAAAAAAAAAAAAAAQ" ]] && break
  done
  printf '%s' "$id"
}

render_properties() {
  local content
  content="$(<"$TEMPLATE")"
  # Quoted replacements: bash 5.2 would otherwise expand '&' in them.
  content="${content//@KAFKA_PORT@/"$KAFKA_PORT"}"
  content="${content//@KAFKA_CONTROLLER_PORT@/"$KAFKA_CONTROLLER_PORT"}"
  content="${content//@KAFKA_DATA_DIR@/"$KAFKA_DATA_DIR"}"
  # Each extra listener is named by its protocol, so that its protocol-map entry is NAME:NAME.
  local extra_listeners="" extra_protocols="" listener
  if [[ -n "$KAFKA_EXTRA_LISTENERS" ]]; then
    extra_listeners=",$KAFKA_EXTRA_LISTENERS"
    for listener in ${KAFKA_EXTRA_LISTENERS//,/ }; do
      extra_protocols+=",${listener%%://*}:${listener%%://*}"
    done
  fi
  content="${content//@KAFKA_EXTRA_LISTENERS@/"$extra_listeners"}"
  content="${content//@KAFKA_EXTRA_PROTOCOLS@/"$extra_protocols"}"
  printf '%s\n' "$content" >"$PROPS_FILE.tmp"
  if [[ -n "$KAFKA_EXTRA_PROPERTIES" ]]; then
    printf '\n# From KAFKA_EXTRA_PROPERTIES (%s)\n' "$KAFKA_EXTRA_PROPERTIES" >>"$PROPS_FILE.tmp"
    cat -- "$KAFKA_EXTRA_PROPERTIES" >>"$PROPS_FILE.tmp"
  fi
  mv "$PROPS_FILE.tmp" "$PROPS_FILE"
}

format_storage_if_needed() {
  # Formatted once; later starts reuse the metadata log. (A single voter elects itself even if
  # KAFKA_CONTROLLER_PORT differs from the one recorded at format time: checked with 4.4.0.)
  [[ -f "$KAFKA_DATA_DIR/data/meta.properties" ]] && return 0
  local cluster_id out scram_args=() credentials=() credential
  cluster_id="$(new_cluster_id)"
  # Split on blanks without globbing: a credential's [name=...,password=...] is a bracket pattern.
  read -r -a credentials <<<"$KAFKA_SCRAM_CREDENTIALS"
  for credential in "${credentials[@]}"; do scram_args+=(--add-scram "$credential"); done
  if ! out="$(tool_java tools.log kafka.tools.StorageTool format -t "$cluster_id" -c "$PROPS_FILE" --standalone "${scram_args[@]}" 2>&1)"; then
    err "formatting the KRaft storage in $KAFKA_DATA_DIR/data failed:"
    printf '%s\n' "$out" >&2
    exit 1
  fi
  printf 'cluster_id=%s\nformatted_at=%s\n' "$cluster_id" "$(date -u +%FT%TZ)" >"$FORMAT_INFO"
}

port_open() {
  # bash's /dev/tcp; the subshell keeps the fd from leaking.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# One Kafka request round trip: the tool reads the cluster metadata, then sends ApiVersions to
# every broker it lists. Ready means our node (id 1) is listed and not fenced, so that topics
# with replication factor 1 can be created right away.
broker_answers() {
  local budget="$1" out
  out="$(timeout --kill-after=5 "$budget" \
    java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
      -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOGS_DIR" -Dkafka.log.file=tools.log \
      -cp "$LIBS_DIR/*" org.apache.kafka.tools.BrokerApiVersionsCommand \
      --bootstrap-server "127.0.0.1:$KAFKA_PORT" 2>&1)" || return 1
  # e.g. "127.0.0.1:9092 (id: 1 rack: null isFenced: false) -> (...)"
  [[ "$out" == *"(id: 1 "* && "$out" != *"isFenced: true"* ]]
}

print_log_tail() {
  if [[ -s "$BROKER_LOG" ]]; then
    err "last 40 lines of $BROKER_LOG:"
    tail -n 40 "$BROKER_LOG" >&2
  fi
  if [[ -s "$JVM_OUT" ]]; then
    err "JVM output ($JVM_OUT):"
    tail -n 40 "$JVM_OUT" >&2
  fi
}

kill_and_wait() {
  local pid="$1" timeout_s="$2" deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$((SECONDS + timeout_s))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS >= deadline )); then
      err "broker (pid $pid) still running ${timeout_s} s after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
      return 0
    fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------- commands

do_start() {
  validate_env
  local pid
  if pid="$(running_pid)"; then
    log "kafka $KAFKA_VERSION already running on 127.0.0.1:$KAFKA_PORT (data $KAFKA_DATA_DIR, pid $pid)"
    return 0
  fi
  rm -f "$PID_FILE"
  require_cmd java "Java 17+ is needed to run Kafka $KAFKA_VERSION"
  do_fetch
  [[ -f "$TEMPLATE" ]] || die "missing $TEMPLATE"
  mkdir -p "$KAFKA_DATA_DIR/data" "$LOGS_DIR"

  local started_ms deadline_ms
  started_ms="$(now_ms)"
  deadline_ms=$((started_ms + KAFKA_START_TIMEOUT_S * 1000))

  if port_open "$KAFKA_PORT"; then
    die "127.0.0.1:$KAFKA_PORT is already in use by another process (set KAFKA_PORT)"
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "127.0.0.1:$KAFKA_CONTROLLER_PORT is already in use by another process (set KAFKA_CONTROLLER_PORT)"
  fi

  render_properties
  format_storage_if_needed

  # Detached: own session, no terminal, stdio to a file, so it outlives this script and does not
  # hold the caller's pipes open. setsid execs java in place, so $! is the JVM's pid.
  : >"$JVM_OUT"
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  nohup setsid java $KAFKA_HEAP_OPTS \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$LOG4J_CONFIG" -Dkafka.logs.dir="$LOGS_DIR" -Dkafka.log.file=server.log \
    -cp "$LIBS_DIR/*" kafka.Kafka "$PROPS_FILE" \
    >"$JVM_OUT" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"

  local waiting_for="the TCP port 127.0.0.1:$KAFKA_PORT to open" remaining
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      err "the broker (pid $pid) exited during start-up while waiting for $waiting_for"
      print_log_tail
      rm -f "$PID_FILE"
      exit 1
    fi
    remaining=$(( (deadline_ms - $(now_ms) + 999) / 1000 ))
    if (( remaining <= 0 )); then
      err "timed out after ${KAFKA_START_TIMEOUT_S} s waiting for $waiting_for (KAFKA_START_TIMEOUT_S)"
      print_log_tail
      kill_and_wait "$pid" 10
      rm -f "$PID_FILE"
      exit 1
    fi
    if [[ "$waiting_for" == "the TCP port"* ]]; then
      if port_open "$KAFKA_PORT"; then
        waiting_for="the broker to answer an ApiVersions request and list itself as registered"
        continue
      fi
      sleep 0.2
    else
      if broker_answers "$remaining"; then
        break
      fi
      sleep 0.5
    fi
  done
  log "kafka $KAFKA_VERSION listening on 127.0.0.1:$KAFKA_PORT (data $KAFKA_DATA_DIR, pid $pid)"
  if [[ -n "${KAFKA_VERBOSE:-}" ]]; then log "ready after $(( $(now_ms) - started_ms )) ms"; fi
}

do_stop() {
  local pid
  if ! pid="$(read_pid)"; then
    log "kafka not running (no pid file in $KAFKA_DATA_DIR)"
    return 0
  fi
  if ! is_our_broker "$pid"; then
    log "kafka not running (stale pid $pid in $PID_FILE)"
    rm -f "$PID_FILE"
    return 0
  fi
  kill_and_wait "$pid" "$KAFKA_STOP_TIMEOUT_S"
  rm -f "$PID_FILE"
  log "kafka stopped (pid $pid)"
}

do_status() {
  local pid
  if pid="$(running_pid)"; then
    log "kafka running (data $KAFKA_DATA_DIR, pid $pid)"
    return 0
  fi
  log "kafka not running (data $KAFKA_DATA_DIR)"
  return 1
}

case "${1:-}" in
  fetch) do_fetch announce ;;
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
