#!/usr/bin/env bash
# 100,000 waiting streams on one node: half Server-Sent Events streams, half long polls, then 1,000 of them woken a
# second; the server's heap after a full GC while they wait, and how soon a woken one answers (bench/Streams.java).
#
#   bench/streams.sh                          # 100,000 connections, -Xmx3g, 1,000 wakes/s for 30 s
#   STREAMS_CONNS=10000 bench/streams.sh      # fewer
#   STREAMS_LISTENER=main bench/streams.sh    # on the main port (a virtual thread per connection) instead of
#                                             # PARLEY_STREAMS_PORT (the thread-less listener, the default)
#
# Knobs: STREAMS_LISTENER=streams STREAMS_CONNS=100000 STREAMS_ADDRESSES=5 STREAMS_RATE=1000 STREAMS_SECONDS=30 SERVER_HEAP=3g
# STREAMS_HEADER_TIMEOUT=60s (the server's PARLEY_HTTP_HEADER_TIMEOUT: a loaded machine accepts the ramp slowly)
# SERVER_JOPTS PARLEY_JAR=target/parley.jar JAVA_HOME.
#
# Descriptors: the server needs one per connection plus PARLEY_MAX_CONNECTIONS' reserve (a fifth of the limit), the
# client one per connection: the script raises `ulimit -n` to what the count needs, and says so when the hard limit
# is lower and cannot be raised (that needs CAP_SYS_RESOURCE, as root outside a container, or limits.conf). Ports: one source address has about 28,000 ephemeral ports
# (net.ipv4.ip_local_port_range), so the client opens its connections from 127.0.0.2, 127.0.0.3, ... (Linux routes
# all of 127.0.0.0/8 to loopback). The server runs with PARLEY_MAX_CONNECTIONS above the load and no cap per address.
set -euo pipefail

cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
CONNS=${STREAMS_CONNS:-100000}
ADDRESSES=${STREAMS_ADDRESSES:-5}
RATE=${STREAMS_RATE:-1000}
SECONDS_=${STREAMS_SECONDS:-30}
SERVER_HEAP=${SERVER_HEAP:-3g}
LISTENER=${STREAMS_LISTENER:-streams}
[[ "$LISTENER" == streams || "$LISTENER" == main ]] || { echo "streams: STREAMS_LISTENER is main or streams" >&2; exit 1; }
PARLEY_JAR=${PARLEY_JAR:-target/parley.jar}
ADMIN_TOKEN=bench-admin-token-0123456789
[[ -f "$PARLEY_JAR" ]] || { echo "streams: build $PARLEY_JAR first (./mvnw -q package -DskipTests)" >&2; exit 1; }

# the server keeps a fifth of its descriptor limit for everything but connections (PARLEY_MAX_CONNECTIONS)
NEED=$(( (CONNS + 1000) * 5 / 4 + 1000 ))
if (( $(ulimit -Hn) < NEED )); then
    ulimit -Hn "$NEED" 2>/dev/null || { echo "streams: $CONNS connections need ulimit -n $NEED, and the hard limit" \
        "is $(ulimit -Hn) (raising it needs CAP_SYS_RESOURCE or /etc/security/limits.conf); run fewer:" \
        "STREAMS_CONNS=$(( ($(ulimit -Hn) - 1000) * 4 / 5 - 1000 ))" >&2; exit 1; }
fi
ulimit -n "$NEED"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="bench/results/$STAMP/streams"
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/parley-streams.XXXXXX)
JAR="$WORK/parley.jar"
cp "$PARLEY_JAR" "$JAR"
# below the ephemeral range (32768-), which the run fills with its own connections
PORT=$(( 20000 + RANDOM % 12000 ))
WAIT_PORT=$PORT
[[ "$LISTENER" == streams ]] && WAIT_PORT=$(( PORT + 1 ))
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

{
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
        "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
    echo "jdk: $("$JAVA" -version 2>&1 | head -1)"
    echo "date: $(date -u)   commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
    echo "command: bench/streams.sh (listener=$LISTENER conns=$CONNS addresses=$ADDRESSES rate=$RATE seconds=$SECONDS_)"
    echo "server: -Xmx$SERVER_HEAP ${SERVER_JOPTS:-}, ulimit -n $(ulimit -n)"
} | tee "$OUT/summary.txt"

PARLEY_DATA_DIR="$WORK/data" PARLEY_PORT="$PORT" PARLEY_ADMIN_TOKEN="$ADMIN_TOKEN" PARLEY_CLIENT_RATE=0 \
    PARLEY_MAX_CONNECTIONS=$((CONNS + 1000)) PARLEY_MAX_CONNECTIONS_PER_ADDRESS=0 PARLEY_DEMO=false \
    PARLEY_HTTP_HEADER_TIMEOUT=${STREAMS_HEADER_TIMEOUT:-60s} \
    PARLEY_STREAMS_PORT=$([[ "$LISTENER" == streams ]] && echo "$WAIT_PORT" || echo off) \
    "$JAVA" "-Xmx$SERVER_HEAP" ${SERVER_JOPTS:-} -jar "$JAR" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && break
    sleep 0.2
done
scenario=$(awk '{gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "%s\\n", $0}' bench/scenario.yaml)
TOKEN=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/channels" -H "Authorization: Bearer $ADMIN_TOKEN" \
    -H 'Content-Type: application/json' --data-binary "{\"name\":\"streams\",\"scenario\":\"$scenario\"}" \
    | sed -E 's/.*"token":"([^"]+)".*/\1/')

"$JAVA" -Xmx2g -XX:+UseParallelGC ${CLIENT_JOPTS:-} bench/Streams.java base="http://127.0.0.1:$PORT" token="$TOKEN" conns="$CONNS" \
    waitPort="$WAIT_PORT" addresses="$ADDRESSES" rate="$RATE" seconds="$SECONDS_" pid="$SERVER_PID" dir="$OUT" 2>"$OUT/client.log" \
    | tee -a "$OUT/summary.txt"
echo "raw results: $OUT"
