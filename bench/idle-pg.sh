#!/usr/bin/env bash
# What an idle Parley node costs its PostgreSQL: statements per second, counted by pg_stat_statements.
#
#   bench/idle-pg.sh                  # one node, 30 s to settle, then 60 s counted
#   IDLE_NODES=2 bench/idle-pg.sh     # several nodes on the same database (the figure is per node)
#
# It starts a throwaway PostgreSQL 15 (initdb in a temp dir, as the user `postgres` or `nobody` when run as root,
# since PostgreSQL refuses to run as root), starts IDLE_NODES servers on it with nothing to do (no demo, no
# traffic), resets pg_stat_statements once they have settled, and after IDLE_SECONDS counts every statement the
# database ran, grouped by text (pg_stat_statements), and the statements it logged (log_statement=all, which also
# has the COMMITs). Knobs: PG_BIN=/usr/lib/postgresql/15/bin
# IDLE_NODES=1 IDLE_SETTLE=30 IDLE_SECONDS=60 PARLEY_JAR=target/parley.jar JAVA_HOME.
set -euo pipefail

cd "$(dirname "$0")/.."
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
IDLE_NODES=${IDLE_NODES:-1}
IDLE_SETTLE=${IDLE_SETTLE:-30}
IDLE_SECONDS=${IDLE_SECONDS:-60}
PARLEY_JAR=${PARLEY_JAR:-target/parley.jar}
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[[ -x "$PG_BIN/initdb" ]] || { echo "idle-pg: no PostgreSQL binaries in $PG_BIN" >&2; exit 1; }
[[ -f "$PARLEY_JAR" ]] || { echo "idle-pg: build $PARLEY_JAR first (./mvnw -q package -DskipTests)" >&2; exit 1; }

source bench/throwaway-pg.sh
throwaway_pg_init /tmp/parley-idle-pg
PORT=$(( 20000 + RANDOM % 20000 ))

cat >>"$WORK/data/postgresql.conf" <<EOF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.track_utility = on
log_statement = all
log_line_prefix = '%m [%a] '
EOF
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/data/server.log" -w start >/dev/null
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U parley -d postgres -qAt "$@"; }
psql_ -c "CREATE EXTENSION pg_stat_statements" -c "CREATE DATABASE parley"

for n in $(seq "$IDLE_NODES"); do
    mkdir -p "$WORK/node$n"
    PARLEY_DATA_DIR="$WORK/node$n" PARLEY_PORT=0 PARLEY_DEMO=false PARLEY_ADMIN_TOKEN=idle-admin-token-0123456789 \
        PARLEY_DB_URL="jdbc:postgresql://127.0.0.1:$PORT/parley" PARLEY_DB_USER=parley \
        "$JAVA" -Xmx256m -jar "$PARLEY_JAR" >"$WORK/node$n.log" 2>&1 &
    PIDS+=($!)
done
sleep "$IDLE_SETTLE"
psql_ -c "SELECT pg_stat_statements_reset()" >/dev/null
LOG_FROM=$(wc -l <"$WORK/data/server.log")
sleep "$IDLE_SECONDS"
# the log counts what pg_stat_statements leaves out (COMMIT); psql's own statements are left out
LOGGED=$(tail -n +"$((LOG_FROM + 1))" "$WORK/data/server.log" | grep -v '\[psql\]' \
    | grep -cE 'LOG:  (statement|execute [^:]*):' || true)
# the reset and this query are the script's own: left out
psql_ -F ' | ' -c "SELECT calls, left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements
                   WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC"
TOTAL=$(psql_ -c "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'")
echo "nodes=$IDLE_NODES seconds=$IDLE_SECONDS pg_stat_statements=$TOTAL logged=$LOGGED"
awk -v t="$TOTAL" -v l="$LOGGED" -v s="$IDLE_SECONDS" -v n="$IDLE_NODES" 'BEGIN {
    printf "per node and second: %.2f counted by pg_stat_statements, %.2f logged (COMMIT included)\n",
        t / s / n, l / s / n }'
