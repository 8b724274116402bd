#!/usr/bin/env bash
# How soon a long poll on one node answers an event committed on another: two nodes on one throwaway PostgreSQL.
#
#   bench/crossnode.sh                       # 200 wake-ups idle, then 200 while node A runs sync turns with wrk
#
# Each sample: a long poll (GET /events?timeout=30) of a fresh client waits on node B; a message for that client is
# sent with POST /async to node A; the sample is the time from A's 200 to B's answer (the turn and its commit on A,
# the notice, B's relay and B's answer). The same is measured with the poll on node A itself for comparison.
# Knobs: CROSS_SAMPLES=200 CROSS_LOAD_CONNECTIONS=32 PG_BIN=/usr/lib/postgresql/15/bin PARLEY_JAR=target/parley.jar
set -euo pipefail

cd "$(dirname "$0")/.."
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PARLEY_JAR=${PARLEY_JAR:-target/parley.jar}
SAMPLES=${CROSS_SAMPLES:-200}
LOAD_CONNECTIONS=${CROSS_LOAD_CONNECTIONS:-32}
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
ADMIN_TOKEN=cross-admin-token-0123456789
[[ -x "$PG_BIN/initdb" ]] || { echo "crossnode: no PostgreSQL binaries in $PG_BIN" >&2; exit 1; }
[[ -f "$PARLEY_JAR" ]] || { echo "crossnode: build $PARLEY_JAR first (./mvnw -q package -DskipTests)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "crossnode: wrk is required (apt-get install wrk)" >&2; exit 1; }

source bench/throwaway-pg.sh
throwaway_pg_init /tmp/parley-crossnode
PG_PORT=$(( 20000 + RANDOM % 20000 ))
PORT_A=$((PG_PORT + 1))
PORT_B=$((PG_PORT + 2))

# fsync and synchronous_commit on, as in bench/run.sh
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/data/server.log" -w start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $WORK" >/dev/null
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U parley -d postgres -qAt -c "CREATE DATABASE parley"

for node in A B; do
    port=$([[ $node == A ]] && echo "$PORT_A" || echo "$PORT_B")
    mkdir -p "$WORK/node$node"
    PARLEY_DATA_DIR="$WORK/node$node" PARLEY_PORT=$port PARLEY_DEMO=false PARLEY_ADMIN_TOKEN=$ADMIN_TOKEN \
        PARLEY_CLIENT_RATE=0 PARLEY_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/parley" PARLEY_DB_USER=parley \
        "$JAVA" -Xmx512m -jar "$PARLEY_JAR" >"$WORK/node$node.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break
        sleep 0.5
    done
done

scenario=$(awk '{gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "%s\\n", $0}' bench/scenario.yaml)
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT_A/api/v1/channels" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' --data-binary "{\"name\":\"cross\",\"scenario\":\"$scenario\"}" \
    | sed -E 's/.*"token":"([^"]+)".*/\1/')

now_ms() { date +%s%3N; }

# sample LABEL POLL_PORT: SAMPLES wake-ups of a poll on POLL_PORT by /async on node A; prints p50/p90/p99/max
sample() {
    local label=$1 poll_port=$2 i client t0 t1 out=()
    for i in $(seq "$SAMPLES"); do
        client="cross-$i-$RANDOM$RANDOM"
        ( curl -sf -o /dev/null "http://127.0.0.1:$poll_port/chatapi/$TOKEN/events?clientId=$client&timeout=30" \
            && now_ms >"$WORK/woke" ) &
        local poll=$!
        sleep 0.15 # the poll is waiting
        curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT_A/chatapi/$TOKEN/async" \
            -H 'Content-Type: application/json' --data-binary "{\"clientId\":\"$client\",\"query\":\"hello\"}"
        t0=$(now_ms)
        wait "$poll" || { echo "crossnode: a poll failed" >&2; exit 1; }
        t1=$(cat "$WORK/woke")
        out+=($((t1 - t0)))
    done
    printf '%s\n' "${out[@]}" | sort -n | awk -v label="$label" '{ v[NR] = $1 } END {
        printf "%-28s n=%d  p50 %d ms  p90 %d ms  p99 %d ms  max %d ms\n", label, NR, v[int(NR * 0.5)],
            v[int(NR * 0.9)], v[int(NR * 0.99)], v[NR] }'
}

echo "crossnode: PostgreSQL on 127.0.0.1:$PG_PORT, node A :$PORT_A, node B :$PORT_B, $(date -u)"
sample "idle, poll on node B" "$PORT_B"
sample "idle, poll on node A" "$PORT_A"
env BENCH_TOKEN="$TOKEN" BENCH_CLIENTS=1000 BENCH_THREADS=1 BENCH_OUT="$WORK/load.txt" \
    wrk -t1 -c"$LOAD_CONNECTIONS" -d600s -s bench/sync.lua "http://127.0.0.1:$PORT_A/" >/dev/null 2>&1 &
LOAD=$!
sleep 5
sample "sync load on A, poll on B" "$PORT_B"
sample "sync load on A, poll on A" "$PORT_A"
kill "$LOAD" 2>/dev/null || true
wait "$LOAD" 2>/dev/null || true
