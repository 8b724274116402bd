#!/usr/bin/env bash
# Statistics benchmark: how long GET /api/v1/stats and /api/v1/overview take on a database holding months of counters.
#
#   bench/stats.sh
#
# Starts the packaged jar (PARLEY_JAR, default target/parley.jar, built when missing) on a fresh SQLite data dir,
# creates STATS_CHANNELS channels through the admin API, stops the server and fills its counters with sqlite3 (the
# server would take months to count them): STATS_HOURS hour buckets and STATS_DAYS day buckets per channel, and
# STATS_ACTIVE clients active in each of the last 24 hours per channel (STATS_ACTIVE * 12 distinct ones a day), and
# the sums over all channels as channel 0. Then it starts the server again on that data
# and measures each request with wrk (STATS_CONNECTIONS connections, STATS_SECONDS seconds, latency percentiles),
# after STATS_WARMUP seconds of every request unmeasured, so that the first one measured does not pay for the JIT.
# Needs java, curl, sqlite3 and wrk. Raw output under bench/results/stats-<time>/.
#
# Knobs: STATS_CHANNELS=50 STATS_HOURS=2160 (90 days) STATS_DAYS=365 STATS_ACTIVE=200 STATS_CONNECTIONS=1
#        STATS_SECONDS=10 STATS_WARMUP=5 SERVER_HEAP=512m
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
if [[ -z "${JAVA_HOME:-}" ]]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    [[ -x "$JAVA_HOME/bin/java" ]] || JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME
fi
JAVA="$JAVA_HOME/bin/java"
JAR=${PARLEY_JAR:-$ROOT/target/parley.jar}
CHANNELS=${STATS_CHANNELS:-50}
HOURS=${STATS_HOURS:-2160}
DAYS=${STATS_DAYS:-365}
ACTIVE=${STATS_ACTIVE:-200}
CONNECTIONS=${STATS_CONNECTIONS:-1}
SECONDS_RUN=${STATS_SECONDS:-10}
TOKEN=bench-admin-token-0123456789
RESULTS="$ROOT/bench/results/stats-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"

for tool in curl sqlite3 wrk; do
    command -v "$tool" >/dev/null || { echo "bench/stats.sh needs $tool" >&2; exit 1; }
done
if [[ ! -f "$JAR" ]]; then
    ./mvnw -q -B -ntp package -DskipTests
fi
RUN_JAR=$(mktemp /tmp/parley-stats-jar.XXXXXX)
cp "$JAR" "$RUN_JAR"
DATA_DIR=$(mktemp -d /tmp/parley-stats.XXXXXX)
PORT=$((10000 + RANDOM % 20000))
SERVER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
cleanup() {
    stop_server
    rm -rf "$DATA_DIR" "$RUN_JAR"
}
trap cleanup EXIT

start_server() {
    PARLEY_DATA_DIR="$DATA_DIR" PARLEY_PORT="$PORT" PARLEY_ADMIN_TOKEN="$TOKEN" PARLEY_DEMO=false \
        "$JAVA" "-Xmx${SERVER_HEAP:-512m}" -jar "$RUN_JAR" >>"$RESULTS/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 300); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/health" && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.2
    done
    echo "the server did not start, see $RESULTS/server.log" >&2
    exit 1
}

admin() {
    curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"
}

start_server
SCENARIO='name: bench\nstates:\n  /CatchAll:\n    - text: hi\n'
for i in $(seq "$CHANNELS"); do
    admin -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/channels" \
        -d "{\"name\":\"bench $i\",\"scenario\":\"$SCENARIO\"}" || { echo "channel $i not created" >&2; exit 1; }
done
stop_server

NOW_MS=$(( $(date +%s) * 1000 ))
HOUR0=$(( NOW_MS / 3600000 * 3600000 ))
DAY0=$(( NOW_MS / 86400000 * 86400000 ))
sqlite3 "$DATA_DIR/parley.db" <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $HOURS - 1)
INSERT INTO stats_buckets (channel_id, span, bucket, client_messages, bot_messages, agent_messages, active_clients)
SELECT c.id, 'hour', $HOUR0 - n.i * 3600000, abs(random()) % 500, abs(random()) % 700, abs(random()) % 50,
       abs(random()) % 200
FROM n, channels c;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $DAYS - 1)
INSERT INTO stats_buckets (channel_id, span, bucket, client_messages, bot_messages, agent_messages, active_clients)
SELECT c.id, 'day', $DAY0 - n.i * 86400000, abs(random()) % 12000, abs(random()) % 17000, abs(random()) % 1200,
       abs(random()) % 3000
FROM n, channels c;
WITH RECURSIVE h(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM h WHERE i < 23),
               k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < $ACTIVE - 1)
INSERT INTO stats_clients (channel_id, span, bucket, client_id)
SELECT c.id, 'hour', $HOUR0 - h.i * 3600000, 'client-' || ((h.i * $ACTIVE / 2 + k.j) % ($ACTIVE * 12))
FROM h, k, channels c;
INSERT INTO stats_active (channel_id, client_id, last_hour)
SELECT channel_id, client_id, MAX(bucket) FROM stats_clients GROUP BY channel_id, client_id;
-- channel 0: the sums over all channels, as the flush keeps them
INSERT INTO stats_buckets (channel_id, span, bucket, client_messages, bot_messages, agent_messages, active_clients)
SELECT 0, span, bucket, SUM(client_messages), SUM(bot_messages), SUM(agent_messages), SUM(active_clients)
FROM stats_buckets GROUP BY span, bucket;
COMMIT;
SELECT 'stats_buckets rows: ' || COUNT(*) FROM stats_buckets;
SELECT 'stats_clients rows: ' || COUNT(*) FROM stats_clients;
SELECT 'stats_active rows: ' || COUNT(*) FROM stats_active;
SQL
start_server

BASE="http://127.0.0.1:$PORT"
FROM30=$(date -u -d '@'$(( (NOW_MS / 1000) - 29 * 86400 )) +%Y-%m-%dT00:00:00Z)
measure() {
    local name=$1 target=$2
    admin -o /dev/null "$BASE$target" || { echo "$target failed" >&2; exit 1; }
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE$target" \
        >"$RESULTS/$name.txt"
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$RESULTS/$name.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$RESULTS/$name.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$RESULTS/$name.txt")
    printf '%-34s %10s req/s  p50 %8s  p99 %8s   %s\n' "$name" "$rps" "$p50" "$p99" "$target"
}
TARGETS=("/api/v1/stats?bucket=day" "/api/v1/stats?bucket=day&channelId=1" "/api/v1/stats?bucket=hour"
    "/api/v1/stats?bucket=hour&from=$FROM30" "/api/v1/stats?bucket=hour&channelId=1&from=$FROM30" "/api/v1/overview"
    "/api/v1/overview?channelId=1")
for target in "${TARGETS[@]}"; do
    wrk -t1 -c1 -d"${STATS_WARMUP:-5}s" -H "Authorization: Bearer $TOKEN" "$BASE$target" >/dev/null
done
{
    echo "channels $CHANNELS, hour buckets $HOURS and day buckets $DAYS per channel, $ACTIVE active clients per hour"
    measure "30 days, all channels" "/api/v1/stats?bucket=day"
    measure "30 days, one channel" "/api/v1/stats?bucket=day&channelId=1"
    measure "24 hours, all channels" "/api/v1/stats?bucket=hour"
    measure "30 days of hours, all channels" "/api/v1/stats?bucket=hour&from=$FROM30"
    measure "30 days of hours, one channel" "/api/v1/stats?bucket=hour&channelId=1&from=$FROM30"
    measure "overview, all channels" "/api/v1/overview"
    measure "overview, one channel" "/api/v1/overview?channelId=1"
} | tee "$RESULTS/summary.txt"
echo "raw results: $RESULTS"
