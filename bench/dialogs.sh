#!/usr/bin/env bash
# The `dialogs` benchmark: search and client-list pages over a large store (docs/BENCHMARKS.md, "Dialogs").
#
#   bench/dialogs.sh            # seeds the data dir once (resuming an interrupted seed), then measures
#
# The data dir is seeded through the real jar: DIALOGS_TURNS sync turns over HTTP, each storing two messages, spread
# over DIALOGS_CLIENTS clients (bench/Dialogs.java seed). It is kept for the next run, which only measures.
# Knobs (environment):
#   DIALOGS_DATA=bench/results/dialogs-data  DIALOGS_CLIENTS=100000  DIALOGS_TURNS=500000 (1,000,000 messages)
#   DIALOGS_REQUESTS=300 (per kind)  SERVER_HEAP=512m  PARLEY_JAR=target/parley.jar  JAVA_HOME
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${JAVA_HOME:-}" ]]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"
ADMIN_TOKEN=bench-admin-token-0123456789
DATA=${DIALOGS_DATA:-bench/results/dialogs-data}
CLIENTS=${DIALOGS_CLIENTS:-100000}
TURNS=${DIALOGS_TURNS:-500000}
REQUESTS=${DIALOGS_REQUESTS:-300}
JAR_SOURCE=${PARLEY_JAR:-target/parley.jar}
mkdir -p "$DATA"
DATA=$(cd "$DATA" && pwd)
[[ -f "$JAR_SOURCE" ]] || ./mvnw -q -B -ntp package -DskipTests
JAR="$DATA/../dialogs-parley.jar"
cp "$JAR_SOURCE" "$JAR"

# a free port may be taken by another process before the server binds it: try another, three times
for attempt in 1 2 3; do
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    BASE="http://127.0.0.1:$PORT"
    PARLEY_DATA_DIR="$DATA/store" PARLEY_PORT="$PORT" PARLEY_ADMIN_TOKEN="$ADMIN_TOKEN" PARLEY_CLIENT_RATE=0 \
        PARLEY_MAX_CONNECTIONS_PER_ADDRESS=0 PARLEY_DEMO=false \
        "$JAVA" "-Xmx${SERVER_HEAP:-512m}" -jar "$JAR" >"$DATA/server.log" 2>&1 &
    SERVER_PID=$!
    trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true' EXIT
    for _ in $(seq 600); do
        curl -sf -o /dev/null "$BASE/health" && break 2
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.2
    done
    kill -0 "$SERVER_PID" 2>/dev/null && { echo "server did not answer /health, see $DATA/server.log" >&2; exit 1; }
    grep -q "Address already in use" "$DATA/server.log" || { echo "server exited, see $DATA/server.log" >&2; exit 1; }
    (( attempt < 3 )) || { echo "no free port, see $DATA/server.log" >&2; exit 1; }
done

if [[ ! -f "$DATA/channel" ]]; then
    curl -sf -X POST "$BASE/api/v1/channels" -H "Authorization: Bearer $ADMIN_TOKEN" \
        -H 'Content-Type: application/json' \
        -d "$(python3 -c 'import json,sys; print(json.dumps({"name": "dialogs", "scenario": open("bench/scenario.yaml").read()}))')" \
        | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["id"], c["token"])' >"$DATA/channel"
fi
read -r CHANNEL TOKEN <"$DATA/channel"
DONE=$(cat "$DATA/seeded-turns" 2>/dev/null || echo 0)
if (( DONE < TURNS )); then
    echo "dialogs: seeding turns $DONE..$TURNS over $CLIENTS clients"
    "$JAVA" bench/Dialogs.java seed base="$BASE" token="$TOKEN" clients="$CLIENTS" turns="$TURNS" from="$DONE" \
        | tee "$DATA/seed.log"
    # written once the seed is complete; a seed that was cut short leaves the data dir to be deleted and seeded anew
    echo "$TURNS" >"$DATA/seeded-turns"
fi

echo "dialogs: $(curl -sf "$BASE/api/v1/channels/$CHANNEL" -H "Authorization: Bearer $ADMIN_TOKEN" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["clients"])') clients," \
    "$(du -sh "$DATA/store" | cut -f1) on disk; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" bench/Dialogs.java measure base="$BASE" channel="$CHANNEL" admin="$ADMIN_TOKEN" requests="$REQUESTS" \
    | tee "$DATA/measure.log"
