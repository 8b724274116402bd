#!/usr/bin/env bash
# Parley benchmark: one command, a fresh server per scenario, raw results under bench/results/.
#
#   bench/run.sh                      # every scenario: baseline sync async history longpoll
#   bench/run.sh sync history         # only these
#
# Scenarios (see docs/BENCHMARKS.md for what each measures and the targets):
#   baseline  GET /health and an unrouted GET (404) with wrk at the sync scenario's settings: the tool's ceiling
#   sync      sync turns of 1,000 clients cycling hello -> Order (button goto) -> "blah blah" (fallback),
#             wrk, 64 connections, 10 s warm-up then 30 s measured; also the server's CPU and context switches per
#             turn by thread group (per-turn.txt): compare builds by these when the machine is busy
#   async     POST /async at a fixed rate with a long poll waiting per client; end-to-end latency
#   history   history?limit=100 for a client with 100 and one with 100,000 messages, newest and oldest first
#   longpoll  10,000 concurrent waiting long polls; server heap and RSS while they wait; wake latency of 200
#   webhook   (only when named) async turns to a local webhook: latency at WEBHOOK_RATE, the maximum, a campaign
#
# Knobs (environment):
#   JAVA_HOME          default: Temurin 25 if present, else the `java` on PATH
#   SYNC_CONNECTIONS=64 SYNC_THREADS=2 SYNC_SECONDS=30 SYNC_WARMUP=10 SYNC_CLIENTS=1000
#   ASYNC_RATE=500 ASYNC_SECONDS=20 HISTORY_REQUESTS=2000 LONGPOLL_POLLS=10000 LONGPOLL_WAKE=200 SERVER_HEAP=512m
#   WEBHOOK_RATE=1000 WEBHOOK_WARMUP=20 WEBHOOK_SECONDS=20 WEBHOOK_RECIPIENTS=100000
#   BENCH_MAX_CONNECTIONS=15000  the server's PARLEY_MAX_CONNECTIONS (its cap per address is off: all load is local)
#   PARLEY_JAR=target/parley.jar   another build to compare (the script always runs a private copy of it)
#   SERVER_JOPTS       extra JVM options for the server (e.g. "-XX:+UseZGC" to compare collectors)
#   BENCH_BUILD=1      rebuild target/parley.jar first (otherwise it is built only when missing)
#   BENCH_QUIET_WAIT=600  seconds to wait before each scenario for the machine to be idle (0 = don't wait):
#                      other processes' CPU distorts every figure on 2 cores
#   BENCH_RETRIES=2    run a scenario again when other processes took more than 10% of a core during its measured
#                      phase (the disturbed run is kept as <scenario>.disturbed-N); BENCH_RETRY_SCENARIOS lists
#                      which scenarios may be re-run
#   BENCH_DUMPS=1      take three thread dumps during the measured sync run (Temurin 25.0.3 has crashed doing so)
#   BENCH_DB=sqlite    the store: sqlite (the default), postgres, or both (each scenario on SQLite, then at once on
#                      PostgreSQL). PostgreSQL is a throwaway cluster of Debian's PostgreSQL 15 package (PG_BIN=
#                      /usr/lib/postgresql/15/bin; apt-get install postgresql-15 if missing), fsync on: initdb into a
#                      temp dir (as user postgres or nobody when run as root), 127.0.0.1 on a free port, a fresh
#                      database per server, all removed at the end. PG_OPTS: extra server settings ("-c name=value").
#   BENCH_PG_STATEMENTS=1  (postgres) count the statements of the measured sync and async runs with
#                      pg_stat_statements and list them per turn in pg-statements.txt: what each turn costs PostgreSQL
#   BENCH_JFR=1        record a JFR profile of the server during the measured sync run and summarize it with
#                      bench/JfrSummary.java (it costs throughput: such a run's figures are not the published ones)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS_ROOT="$ROOT/bench/results"

if [[ -z "${JAVA_HOME:-}" ]]; then
    if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
        export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    else
        JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        export JAVA_HOME
    fi
fi
JAVA="$JAVA_HOME/bin/java"
ADMIN_TOKEN=bench-admin-token-0123456789
SERVER_HEAP=${SERVER_HEAP:-512m}
SYNC_CONNECTIONS=${SYNC_CONNECTIONS:-64}
SYNC_THREADS=${SYNC_THREADS:-2}
SYNC_SECONDS=${SYNC_SECONDS:-30}
SYNC_WARMUP=${SYNC_WARMUP:-10}
SYNC_CLIENTS=${SYNC_CLIENTS:-1000}
ASYNC_RATE=${ASYNC_RATE:-500}
ASYNC_SECONDS=${ASYNC_SECONDS:-20}
HISTORY_REQUESTS=${HISTORY_REQUESTS:-2000}
LONGPOLL_POLLS=${LONGPOLL_POLLS:-10000}
LONGPOLL_WAKE=${LONGPOLL_WAKE:-200}
WEBHOOK_RATE=${WEBHOOK_RATE:-1000}
WEBHOOK_SECONDS=${WEBHOOK_SECONDS:-20}
WEBHOOK_WARMUP=${WEBHOOK_WARMUP:-20}
WEBHOOK_RECIPIENTS=${WEBHOOK_RECIPIENTS:-100000}
PARLEY_JAR=${PARLEY_JAR:-target/parley.jar}
BENCH_QUIET_WAIT=${BENCH_QUIET_WAIT:-600}
BENCH_RETRIES=${BENCH_RETRIES:-2}
# History is left out: its variants are interleaved on one connection, so a disturbance hits both sides of the
# ratio alike, and a run takes minutes.
BENCH_RETRY_SCENARIOS=${BENCH_RETRY_SCENARIOS:-baseline sync async longpoll}
BENCH_DB=${BENCH_DB:-sqlite}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
case "$BENCH_DB" in
    sqlite) DBS=(sqlite) ;;
    postgres) DBS=(postgres) ;;
    both) DBS=(sqlite postgres) ;;
    *) echo "bench: BENCH_DB must be sqlite, postgres or both, not '$BENCH_DB'" >&2; exit 1 ;;
esac
DB=${DBS[0]}   # the store of the scenario running now

SCENARIOS=("$@")
if [[ ${#SCENARIOS[@]} -eq 0 ]]; then
    SCENARIOS=(baseline sync async history longpoll)
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$RESULTS_ROOT/$STAMP"
mkdir -p "$RESULTS"
SUMMARY="$RESULTS/summary.txt"

say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }
die() { echo "bench: $*" >&2; exit 1; }

# ------------------------------------------------------------------ tools

need_wrk() {
    command -v wrk >/dev/null 2>&1 && return
    echo "bench: installing wrk (Debian package)" >&2
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
    else
        sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq wrk >/dev/null
    fi
    command -v wrk >/dev/null 2>&1 || die "wrk is required (apt-get install wrk)"
}

JAR=""
build_jar() {
    if [[ "$PARLEY_JAR" == target/parley.jar && ( ! -f "$PARLEY_JAR" || "${BENCH_BUILD:-0}" == 1 ) ]]; then
        echo "bench: building target/parley.jar" >&2
        ./mvnw -q -o package -DskipTests -Dcheckstyle.skip 2>/dev/null || ./mvnw -q package -DskipTests -Dcheckstyle.skip
    fi
    [[ -f "$PARLEY_JAR" ]] || die "$PARLEY_JAR was not built"
    # Run a private copy: a build in the work tree replacing target/parley.jar under a running server breaks it.
    JAR=$(mktemp /tmp/parley-bench-jar.XXXXXX)
    cp "$PARLEY_JAR" "$JAR"
}

# The Java programs, compiled once per run (each also runs as a single-file program: java bench/Load.java ...).
CLASSES=""
compile_tools() {
    CLASSES=$(mktemp -d /tmp/parley-bench-classes.XXXXXX)
    "$JAVA_HOME/bin/javac" -nowarn -d "$CLASSES" bench/Load.java bench/JfrSummary.java 2>&1 | grep -v '^Note:' >&2 || true
    [[ -f "$CLASSES/Load.class" ]] || die "bench/Load.java did not compile"
}
load() { "$JAVA" -cp "$CLASSES" Load "$@"; }

# Enough descriptors for 10,000 polls on each side of the socket.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ------------------------------------------------------------------ PostgreSQL (BENCH_DB=postgres or both)

PG_DIR=""
PG_PORT=""
PG_PID=""
PG_USER=""
PG_DBS=0
PG_DB=""

# pg_as CMD...: runs a PostgreSQL binary as the cluster's owner (PostgreSQL refuses to run as root).
pg_as() {
    if [[ -n "$PG_USER" ]]; then
        runuser -u "$PG_USER" -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    [[ -x "$PG_BIN/postgres" ]] || die "no PostgreSQL in $PG_BIN (apt-get install postgresql-15, or set PG_BIN)"
    if [[ $(id -u) -eq 0 ]]; then
        PG_USER=$(getent passwd postgres >/dev/null && echo postgres || echo nobody)
    fi
    PG_DIR=$(mktemp -d /tmp/parley-bench-pg.XXXXXX)
    [[ -z "$PG_USER" ]] || chown "$PG_USER" "$PG_DIR"
    pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U parley --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || die "initdb failed, see $PG_DIR/initdb.log"
    local attempt
    for attempt in 1 2 3; do
        PG_PORT=$(free_port)
        # fsync and synchronous_commit stay on (the defaults): acknowledged means on disk, as with SQLite
        if pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start -o \
            "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=200 $(pg_statements_opts) ${PG_OPTS:-}" \
            >/dev/null; then
            PG_PID=$(head -1 "$PG_DIR/data/postmaster.pid")
            say "postgres: $("$PG_BIN/postgres" --version), cluster $PG_DIR on 127.0.0.1:$PG_PORT (fsync on)" \
                "$(pg_psql -Atc "SHOW shared_buffers" | sed 's/^/shared_buffers /')${PG_OPTS:+, options $PG_OPTS}"
            return 0
        fi
        grep -q "could not bind\|Address already in use" "$PG_DIR/server.log" || die "PostgreSQL did not start, see $PG_DIR/server.log"
    done
    die "PostgreSQL could not bind a port, see $PG_DIR/server.log"
}

pg_statements_opts() {
    [[ "${BENCH_PG_STATEMENTS:-0}" == 1 ]] && echo "-c shared_preload_libraries=pg_stat_statements"
    return 0
}

# With BENCH_PG_STATEMENTS=1: forgets the statements counted so far (pg_statements_reset), or lists those counted
# since, per turn (pg_statements_report FILE TURNS).
pg_statements_reset() {
    [[ "$DB" == postgres && "${BENCH_PG_STATEMENTS:-0}" == 1 ]] || return 0
    pg_psql -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "SELECT pg_stat_statements_reset()" \
        >/dev/null
}

pg_statements_report() {
    [[ "$DB" == postgres && "${BENCH_PG_STATEMENTS:-0}" == 1 ]] || return 0
    # statements that differ only past their first 60 characters (a VALUES list's length) count as one
    pg_psql -d "$PG_DB" -P pager=off -c "SELECT round(sum(calls)::numeric / $2, 3) AS per_turn,
            round((sum(total_exec_time) * 1000 / $2)::numeric, 1) AS exec_us_per_turn, sum(calls) AS calls,
            left(regexp_replace(query, '\s+', ' ', 'g'), 60) AS statement
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        GROUP BY 4 ORDER BY 3 DESC LIMIT 15" >"$1"
}

pg_psql() {
    "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U parley -d postgres -v ON_ERROR_STOP=1 "$@"
}

# A fresh database for the next server; its JDBC url.
pg_new_database() {
    PG_DBS=$((PG_DBS + 1))
    PG_DB="parley_$PG_DBS"
    pg_psql -c "CREATE DATABASE $PG_DB" || die "could not create database $PG_DB"
}

pg_url() {
    echo "jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB?user=parley"
}

pg_drop_database() {
    if [[ -n "$PG_DB" ]]; then
        pg_psql -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
        PG_DB=""
    fi
}

pg_stop() {
    if [[ -n "$PG_PID" ]]; then
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || kill "$PG_PID" 2>/dev/null || true
        PG_PID=""
    fi
    if [[ -n "$PG_DIR" && "$PG_DIR" == /tmp/parley-bench-pg.* ]]; then
        rm -rf "$PG_DIR"
    fi
}

# CPU seconds (user+system) PostgreSQL used so far: the postmaster with its reaped children, and its live backends.
pg_cpu() {
    if [[ -z "$PG_PID" ]]; then
        echo 0
        return
    fi
    {
        awk '{ print $14 + $15 + $16 + $17 }' "/proc/$PG_PID/stat"
        local c
        for c in $(cat "/proc/$PG_PID/task/$PG_PID/children" 2>/dev/null); do
            awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || true
        done
    } | awk -v hz="$(getconf CLK_TCK)" '{ s += $1 } END { printf "%.2f", s / hz }'
}

# The results dir of a scenario on the store of the running scenario.
scenario_dir() {
    if [[ "$DB" == postgres ]]; then echo "$1-postgres"; else echo "$1"; fi
}

# The postmaster's pid while a scenario runs on PostgreSQL (its CPU is reported apart), else 0.
db_pid() {
    if [[ "$DB" == postgres ]]; then echo "$PG_PID"; else echo 0; fi
}

# SQL for the store of the running scenario: sqlite_sql SQLITE-STATEMENT POSTGRES-STATEMENT
for_db() {
    if [[ "$DB" == postgres ]]; then echo "$2"; else echo "$1"; fi
}

# Runs statements on the stopped server's database: db_sql ARGS... (each sql=STATEMENT)
db_sql() {
    if [[ "$DB" == postgres ]]; then
        "$JAVA" -cp "$CLASSES:$JAR" Load sql url="$(pg_url)" "$@"
    else
        "$JAVA" -cp "$CLASSES:$JAR" Load sql db="$DATA_DIR/parley.db" "$@"
    fi
}

# ------------------------------------------------------------------ the server

SERVER_PID=""
PORT=""
DATA_DIR=""

free_port() {
    local p
    for _ in $(seq 200); do
        p=$((10000 + RANDOM % 22000))   # below Linux's ephemeral range (32768+), which the load's own sockets use
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    die "no free port found"
}

# start_server LOGFILE [DATA_DIR] — a fresh data dir unless one is given.
start_server() {
    local log=$1
    DATA_DIR=${2:-$(mktemp -d /tmp/parley-bench.XXXXXX)}
    local db_env=()
    if [[ "$DB" == postgres ]]; then
        [[ -n "${2:-}" && -n "$PG_DB" ]] || pg_new_database
        db_env=(PARLEY_DB_URL="$(pg_url)")
    fi
    local attempt
    for attempt in 1 2 3; do
        PORT=$(free_port)
        # every load comes from 127.0.0.1, and longpoll holds 10,000 polls at once: no cap per address, and room
        env ${db_env[@]+"${db_env[@]}"} PARLEY_DATA_DIR="$DATA_DIR" PARLEY_PORT="$PORT" PARLEY_ADMIN_TOKEN="$ADMIN_TOKEN" PARLEY_CLIENT_RATE=0 \
            PARLEY_MAX_CONNECTIONS=${BENCH_MAX_CONNECTIONS:-15000} PARLEY_MAX_CONNECTIONS_PER_ADDRESS=0 \
            PARLEY_DEMO=false "$JAVA" "-Xmx$SERVER_HEAP" ${SERVER_JOPTS:-} -jar "$JAR" >"$log" 2>&1 &
        SERVER_PID=$!
        for _ in $(seq 300); do
            if curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; then
                return 0
            fi
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            die "server did not answer /health within 60 s, see $log"
        fi
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
        grep -q "Address already in use" "$log" || die "server exited at start, see $log"
        echo "bench: port $PORT was taken, trying another" >&2
    done
    die "server could not bind a port, see $log"
}

# stop_server [keep] — stops the server and, unless "keep", deletes its data dir.
stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID"
        for _ in $(seq 100); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
    if [[ "${1:-}" != keep && -n "$DATA_DIR" && "$DATA_DIR" == /tmp/parley-bench.* ]]; then
        rm -rf "$DATA_DIR"
    fi
    if [[ "${1:-}" != keep ]]; then
        pg_drop_database
    fi
}

cleanup() {
    stop_server
    pg_stop
    [[ -n "$DATA_DIR" && "$DATA_DIR" == /tmp/parley-bench.* ]] && rm -rf "$DATA_DIR"
    [[ -n "$JAR" ]] && rm -f "$JAR"
    [[ -n "$CLASSES" && "$CLASSES" == /tmp/parley-bench-classes.* ]] && rm -rf "$CLASSES"
    true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# create_channel → prints the channel token
create_channel() {
    local scenario body
    scenario=$(awk '{gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); printf "%s\\n", $0}' bench/scenario.yaml)
    body="{\"name\":\"bench\",\"scenario\":\"$scenario\"}"
    local out
    out=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/channels" -H "Authorization: Bearer $ADMIN_TOKEN" \
        -H 'Content-Type: application/json' --data-binary "$body") || die "channel creation failed"
    sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$out"
}

# CPU seconds (user+system) the server used so far.
server_cpu() {
    proc_cpu "$SERVER_PID"
}

# CPU seconds (user+system) a process used so far.
proc_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# Busy CPU seconds of the whole machine so far (all processes), from /proc/stat.
machine_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '/^cpu /{ printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# Waits (up to BENCH_QUIET_WAIT s) until the machine is idle: under 15% of one core busy over 3 s.
wait_quiet() {
    local waited=0 a b busy
    while true; do
        a=$(machine_cpu)
        sleep 3
        b=$(machine_cpu)
        busy=$(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.0f", (b - a) / 3 * 100}')
        if ((busy < 15)); then
            if ((waited > 0)); then
                say "(waited ${waited}s for the machine to be idle)"
            fi
            return 0
        fi
        if ((waited >= BENCH_QUIET_WAIT)); then
            say "WARNING: machine still busy (${busy}% of a core used by other processes) after ${waited}s; figures may be low"
            ps -eo pcpu,pid,args --sort=-pcpu | head -4 | cut -c1-150 | sed 's/^/  busy: /' | tee -a "$SUMMARY" || true
            return 0
        fi
        if ((waited == 0)); then
            echo "bench: waiting for the machine to be idle (${busy}% of a core busy now)" >&2
        fi
        waited=$((waited + 3))
    done
}

gc_line() {
    "$JAVA_HOME/bin/jstat" -gcutil "$SERVER_PID" | tail -1
}

# Per-thread CPU of the server over a 5 s window, from /proc/PID/task/*/stat: busiest threads, then per group
# (thread names with their trailing number dropped), as % of one core.
thread_snap() {
    local t
    for t in /proc/"$SERVER_PID"/task/*; do
        # tid, on-CPU ticks (utime + stime), name, then from schedstat: ns on CPU, ns runnable but waiting for a CPU
        echo "$(cat "$t/stat" 2>/dev/null) @@ $(cat "$t/schedstat" 2>/dev/null)"
    done | awk -F' @@ ' '{
        c = $1; sub(/^[0-9]+ \(/, "", c); k = index(c, ") "); name = substr(c, 1, k - 1);
        split(substr(c, k + 2), a, " "); gsub(/ /, "_", name); split($2, q, " ");
        split($1, id, " "); print id[1], a[12] + a[13], name, q[1], q[2], q[3] }'
}

# The server's CPU per turn between two thread_snap outputs, by thread group, and its context switches (times a
# thread was put on a CPU) per turn: per_turn SNAP-BEFORE SNAP-AFTER TURNS. Unlike turns/s, these hardly move when
# other processes take CPU from the run, so builds compare by them on a busy machine (JIT and GC threads apart:
# a compiler still busy after the warm-up is warm-up, not the turn's cost).
per_turn() {
    awk -v n="$3" 'NR == FNR { r[$1] = $4; s[$1] = $6; next }
        { d = $4 - r[$1]; g = $3; sub(/[-#_]?[0-9]+$/, "", g); sum[g] += d; total += d; cs += $6 - s[$1];
          if (g !~ /Compiler|GC_|G1_/) turn += d }
        END { if (n <= 0) exit; printf "server CPU per turn %.1f us, without JIT and GC threads %.1f us, %.2f context switches per turn; by thread group:",
                     total / n / 1000, turn / n / 1000, cs / n;
              for (g in sum) if (sum[g] / n >= 500) printf " %s %.1f", g, sum[g] / n / 1000; print "" }' \
        <(echo "$1") <(echo "$2")
}
thread_top() {
    local a b
    a=$(thread_snap)
    sleep 5
    b=$(thread_snap)
    {
        echo "server threads over 5 s, % of the window: on a CPU, runnable but waiting for a CPU, neither (blocked:"
        echo "parked, or waiting on I/O) -- busiest first"
        awk 'NR == FNR { r[$1] = $4; w[$1] = $5; next }
            { run = ($4 - r[$1]) / 5e7; wait = ($5 - w[$1]) / 5e7; if (run > 0.05)
              printf "%6.1f%% on CPU  %5.1f%% waiting for a CPU  %5.1f%% blocked  %s (tid %s)\n",
                     run, wait, 100 - run - wait, $3, $1 }' <(echo "$a") <(echo "$b") | sort -rn | head -15 || true
        echo "by thread group (% of one core on CPU):"
        awk 'NR == FNR { r[$1] = $4; next }
            { d = $4 - r[$1]; g = $3; sub(/[-#_]?[0-9]+$/, "", g); sum[g] += d }
            END { for (g in sum) if (sum[g] > 0) printf "%6.1f%%  %s\n", sum[g] / 5e7, g }' \
            <(echo "$a") <(echo "$b") | sort -rn
    } >"$1"
}

# measured NAME DIR TOOL OUTFILE cmd... — runs the load command (its stdout to OUTFILE) and records the CPU split of its wall time: the server
# (from /proc), the load generator (bash `times` of the subshell), and every other process on the machine (the
# rest of /proc/stat's busy time), so a run disturbed by something else is visible as such.
measured() {
    local name=$1 dir=$2 tool=$3 outfile=$4
    shift 4
    local m0 c0 t0 m1 c1 t1 p0 p1
    m0=$(machine_cpu)
    c0=$(server_cpu)
    p0=$(pg_cpu)
    t0=$(date +%s.%N)
    ( "$@" >"$outfile"; times >"$dir/$name.times" )
    t1=$(date +%s.%N)
    m1=$(machine_cpu)
    c1=$(server_cpu)
    p1=$(pg_cpu)
    awk -v m0="$m0" -v m1="$m1" -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v n="$(nproc)" -v tool="$tool" \
        -v p0="$p0" -v p1="$p1" -v pg="$DB" '
        NR == 2 { split($1, u, "m"); split($2, s, "m"); sub("s", "", u[2]); sub("s", "", s[2]);
                  g = u[1] * 60 + u[2] + s[1] * 60 + s[2] }
        END { w = t1 - t0; srv = c1 - c0; d = p1 - p0; o = (m1 - m0) - srv - g - d; if (o < 0) o = 0;
              printf "cpu over %.1fs wall on %d cores: server %.1f s (%.0f%% of a core), %s %.1f s,%s other processes %.1f s\n",
                     w, n, srv, srv / w * 100, tool, g, pg == "postgres" ? sprintf(" postgres %.1f s (%.0f%% of a core),", d, d / w * 100) : "", o }' \
        "$dir/$name.times" >"$dir/$name.cpu"
}

get() { sed -n "s/^$1=//p" "$2" | tail -1; }

machine() {
    say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
        "$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM," \
        "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    say "jdk: $("$JAVA" -version 2>&1 | head -1)"
    say "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
    say "date: $(date -u)   commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (+ uncommitted src changes)')"
    say "results: $RESULTS"
}

# ------------------------------------------------------------------ scenarios

run_baseline() {
    local dir="$RESULTS/$(scenario_dir baseline)"
    mkdir -p "$dir"
    start_server "$dir/server.log"
    say ""
    say "== baseline ($DB): wrk -t$SYNC_THREADS -c$SYNC_CONNECTIONS, ${SYNC_WARMUP}s warm-up, ${SYNC_SECONDS}s measured"
    local path
    for path in /health /no-such-path; do
        local name=${path//\//}
        wrk -t"$SYNC_THREADS" -c"$SYNC_CONNECTIONS" -d"${SYNC_WARMUP}s" "http://127.0.0.1:$PORT$path" >/dev/null
        measured "$name" "$dir" wrk "$dir/$name.wrk.txt" env BENCH_OUT="$dir/$name.txt" wrk -t"$SYNC_THREADS" \
            -c"$SYNC_CONNECTIONS" -d"${SYNC_SECONDS}s" -s bench/get.lua "http://127.0.0.1:$PORT$path"
        say "$(printf 'GET %-14s %9.0f req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  non-2xx %s  socket errors %s' \
            "$path" "$(get rps "$dir/$name.txt")" "$(get lat_p50_ms "$dir/$name.txt")" "$(get lat_p90_ms "$dir/$name.txt")" \
            "$(get lat_p99_ms "$dir/$name.txt")" "$(get lat_max_ms "$dir/$name.txt")" "$(get non2xx "$dir/$name.txt")" \
            "$(get socket_errors "$dir/$name.txt")")"
        say "  $(cat "$dir/$name.cpu")"
    done
    say "(/health runs a database ping; /no-such-path is a routed 404 with a JSON body and no database)"
    stop_server
}

run_sync() {
    local dir="$RESULTS/$(scenario_dir sync)"
    mkdir -p "$dir"
    start_server "$dir/server.log"
    local token
    token=$(create_channel)
    say ""
    say "== sync ($DB): $SYNC_CLIENTS clients, wrk -t$SYNC_THREADS -c$SYNC_CONNECTIONS, ${SYNC_WARMUP}s warm-up, ${SYNC_SECONDS}s measured"
    local env=(BENCH_TOKEN="$token" BENCH_CLIENTS="$SYNC_CLIENTS" BENCH_THREADS="$SYNC_THREADS")
    env "${env[@]}" BENCH_OUT="$dir/warmup.txt" wrk -t"$SYNC_THREADS" -c"$SYNC_CONNECTIONS" -d"${SYNC_WARMUP}s" \
        -s bench/sync.lua "http://127.0.0.1:$PORT/" >"$dir/warmup.wrk.txt"
    local gc0
    gc0=$(gc_line)
    if [[ "${BENCH_JFR:-0}" == 1 ]]; then
        "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.start name=bench settings=profile \
            filename="$dir/server.jfr" >/dev/null
    fi
    (sleep $((SYNC_SECONDS / 2)) && thread_top "$dir/top-threads.txt") &
    local top_pid=$!
    # With BENCH_DUMPS=1, three thread dumps (virtual threads included) during the run: where are the requests
    # waiting? Off by default: Temurin 25.0.3 crashed (SIGSEGV in GetThreadSnapshotClosure) taking them under load.
    (
        if [[ "${BENCH_DUMPS:-0}" == 1 ]]; then
            for i in 1 2 3; do
                sleep $((SYNC_SECONDS / 4))
                "$JAVA_HOME/bin/jcmd" "$SERVER_PID" Thread.dump_to_file -format=text "$dir/threads-$i.txt" \
                    >/dev/null 2>&1
            done
        fi
    ) &
    local dump_pid=$!
    local snap0 snap1
    snap0=$(thread_snap)
    pg_statements_reset
    measured run "$dir" wrk "$dir/run.wrk.txt" env "${env[@]}" BENCH_OUT="$dir/run.txt" wrk -t"$SYNC_THREADS" \
        -c"$SYNC_CONNECTIONS" -d"${SYNC_SECONDS}s" -s bench/sync.lua --timeout 10s "http://127.0.0.1:$PORT/"
    snap1=$(thread_snap)
    pg_statements_report "$dir/pg-statements.txt" "$(get requests "$dir/run.txt")"
    wait "$top_pid" "$dump_pid" 2>/dev/null || true
    if [[ "${BENCH_JFR:-0}" == 1 ]]; then
        "$JAVA_HOME/bin/jcmd" "$SERVER_PID" JFR.stop name=bench >/dev/null
        "$JAVA" -cp "$CLASSES" JfrSummary "$dir/server.jfr" >"$dir/jfr-summary.txt" 2>&1 || true
    fi
    local gc1
    gc1=$(gc_line)
    local f="$dir/run.txt"
    say "$(printf 'sync turns   %9.0f turns/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  non-2xx %s  socket errors %s  (%s turns)' \
        "$(get rps "$f")" "$(get lat_p50_ms "$f")" "$(get lat_p90_ms "$f")" "$(get lat_p99_ms "$f")" \
        "$(get lat_max_ms "$f")" "$(get non2xx "$f")" "$(get socket_errors "$f")" "$(get requests "$f")")"
    say "$(cat "$dir/run.cpu")"
    per_turn "$snap0" "$snap1" "$(get requests "$f")" >"$dir/per-turn.txt"
    say "$(cat "$dir/per-turn.txt")"
    say "server CPU by thread group (5 s window mid-run, % of one core): $(sed -n '/by thread group/,$p' \
        "$dir/top-threads.txt" | tail -n +2 | head -6 | awk '{ printf "%s %s; ", $2, $1 }')"
    say "busiest server threads (same window):"
    sed -n '3,6p' "$dir/top-threads.txt" | sed 's/^/    /' | tee -a "$SUMMARY"
    local i
    for i in 1 2 3; do
        if [[ -f "$dir/threads-$i.txt" ]]; then
            awk -f bench/threads.awk "$dir/threads-$i.txt" | sort -rn >"$dir/threads-$i.summary"
        fi
    done
    if [[ -f "$dir/threads-2.summary" ]]; then
        say "threads in a dump taken mid-run ($dir/threads-2.summary):"
        sed 's/^/    /' "$dir/threads-2.summary" | tee -a "$SUMMARY"
    fi
    say "gc (jstat -gcutil: S0 S1 E O M CCS YGC YGCT FGC FGCT CGC CGCT GCT) before: $gc0"
    say "gc                                                          after:  $gc1"
    stop_server keep
    # What did the bot answer? Count the handling state of every bot reply of the measured and warm-up runs.
    db_sql sql="SELECT $(for_db "json_extract(body, '\$.data.nlpClass')" "(body::json)->'data'->>'nlpClass'") AS state,
             count(*) FROM events WHERE author = 'BOT' GROUP BY state ORDER BY state" >"$dir/bot-states.txt" 2>/dev/null || true
    say "bot replies by state (warm-up + run): $(tr '\n' ' ' <"$dir/bot-states.txt")"
    rm -rf "$DATA_DIR"
    pg_drop_database
}

run_async() {
    local dir="$RESULTS/$(scenario_dir async)"
    mkdir -p "$dir"
    start_server "$dir/server.log"
    local token
    token=$(create_channel)
    say ""
    say "== async ($DB): POST /async at $ASYNC_RATE/s for ${ASYNC_SECONDS}s, 1,000 clients each with a waiting long poll"
    # Warm-up: a short run at the same rate with other clients.
    load async base="http://127.0.0.1:$PORT" token="$token" rate="$ASYNC_RATE" seconds=5 \
        clients=1000 prefix=w out="$dir/warmup.txt" >"$dir/warmup.log" 2>&1
    pg_statements_reset
    load async base="http://127.0.0.1:$PORT" token="$token" rate="$ASYNC_RATE" seconds="$ASYNC_SECONDS" \
        clients=1000 prefix=a pid="$SERVER_PID" dbpid="$(db_pid)" dir="$dir" out="$dir/run.txt" >"$dir/run.log" 2>&1
    pg_statements_report "$dir/pg-statements.txt" "$(get accepted "$dir/run.txt")"
    local f="$dir/run.txt"
    say "$(printf 'async        %9.0f accepted/s (offered %s/s)  async call p50 %.2f ms p99 %.2f ms  errors %s' \
        "$(get accepted_per_s "$f")" "$(get offered_rate "$f")" "$(get async_call_p50_ms "$f")" \
        "$(get async_call_p99_ms "$f")" "$(get errors "$f")")"
    say "$(printf 'end-to-end (async 200 -> reply in the waiting poll): p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms' \
        "$(get e2e_from_200_p50_ms "$f")" "$(get e2e_from_200_p90_ms "$f")" "$(get e2e_from_200_p99_ms "$f")" \
        "$(get e2e_from_200_max_ms "$f")")"
    say "$(printf 'end-to-end (async sent -> reply in the waiting poll): p50 %.2f ms  p99 %.2f ms  max %.2f ms; replies before the 200: %s' \
        "$(get e2e_from_send_p50_ms "$f")" "$(get e2e_from_send_p99_ms "$f")" "$(get e2e_from_send_max_ms "$f")" \
        "$(get reply_before_async_200 "$f")")"
    say "$(cat "$dir/window.cpu")"
    stop_server
    rm -rf "$DATA_DIR"
}

run_history() {
    local dir="$RESULTS/$(scenario_dir history)"
    mkdir -p "$dir"
    # 1. A real turn for each client, so the seeded rows are copies of what the server itself writes.
    start_server "$dir/server-seed.log"
    local token
    token=$(create_channel)
    local c
    for c in h100 h100k; do
        curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/chatapi/$token" -H 'Content-Type: application/json' \
            -d "{\"clientId\":\"$c\",\"query\":\"hello\"}" || die "seed turn failed"
    done
    stop_server keep
    # 2. Server stopped: copy that turn's two events (request + reply) back in time until each client has its
    #    number of messages, with distinct ts and questionIds, and keep the client row's count consistent.
    local seed_sql=()
    for spec in h100:100 h100k:100000; do
        local client=${spec%%:*} n=${spec##*:}
        seed_sql+=("sql=$(for_db "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $((n / 2 - 1)))" \
                "WITH seq(i) AS (SELECT generate_series(1, $((n / 2 - 1))))")
            INSERT INTO events (channel_id, client_id, ts, type, question_id, cid, unsolicited, author, text, status,
                                pending, body)
            SELECT e.channel_id, e.client_id, e.ts - 2 * seq.i, e.type,
                   $(for_db "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-'
                         || hex(randomblob(2)) || '-' || hex(randomblob(6)))" "gen_random_uuid()::text"),
                   e.cid, e.unsolicited, e.author, e.text, e.status, e.pending, e.body
            FROM seq, (SELECT * FROM events WHERE client_id = '$client') e ORDER BY seq.i, e.ts")
        seed_sql+=("sql=UPDATE clients SET
                message_count = (SELECT count(*) FROM events WHERE events.channel_id = clients.channel_id
                                 AND events.client_id = clients.client_id AND author IS NOT NULL),
                last_ts = (SELECT max(ts) FROM events WHERE events.channel_id = clients.channel_id
                           AND events.client_id = clients.client_id)
            WHERE client_id = '$client'")
    done
    # PostgreSQL plans from statistics that autovacuum refreshes about a minute after a bulk insert: take them now,
    # as a database that grew by turns would have them
    if [[ "$DB" == postgres ]]; then
        seed_sql+=("sql=ANALYZE events" "sql=ANALYZE clients")
    fi
    seed_sql+=("sql=SELECT client_id, message_count, last_ts FROM clients ORDER BY client_id")
    db_sql "${seed_sql[@]}" >"$dir/seed.txt" 2>"$dir/seed.log"
    # 3. A fresh server on the seeded data dir.
    start_server "$dir/server.log" "$DATA_DIR"
    say ""
    say "== history ($DB): GET history?limit=100, $HISTORY_REQUESTS requests per variant after 200 warm-up, one connection, interleaved"
    say "seeded clients (id|message_count|last_ts): $(tr '\n' ' ' <"$dir/seed.txt")"
    load history base="http://127.0.0.1:$PORT" token="$token" clients=h100,h100k requests="$HISTORY_REQUESTS" \
        warmup=200 pid="$SERVER_PID" dbpid="$(db_pid)" dir="$dir" out="$dir/run.txt" >"$dir/run.log" 2>&1
    local f="$dir/run.txt" v
    for v in h100_desc h100k_desc h100_asc h100k_asc; do
        say "$(printf '%-11s totalCount %-6s page %3s msgs %6s B  mean %6.3f ms  p50 %6.3f ms  p99 %6.3f ms  max %7.3f ms  errors %s' \
            "$v" "$(get "${v}_totalCount" "$f")" "$(get "${v}_page_messages" "$f")" "$(get "${v}_page_bytes" "$f")" \
            "$(get "${v}_mean_ms" "$f")" "$(get "${v}_p50_ms" "$f")" "$(get "${v}_p99_ms" "$f")" \
            "$(get "${v}_max_ms" "$f")" "$(get "${v}_errors" "$f")")"
    done
    say "$(printf 'ratio 100k/100: newest first mean %.3f p99 %.3f; oldest first mean %.3f p99 %.3f' \
        "$(get ratio_mean_desc "$f")" "$(get ratio_p99_desc "$f")" "$(get ratio_mean_asc "$f")" "$(get ratio_p99_asc "$f")")"
    say "$(cat "$dir/window.cpu")"
    # Throughput of the same pages under load (wrk, 64 connections, 10 s each).
    for v in h100:desc h100k:desc h100:asc h100k:asc; do
        local client=${v%%:*} order=${v##*:}
        local url="http://127.0.0.1:$PORT/chatapi/$token/client/$client/history?limit=100&order=$order"
        wrk -t"$SYNC_THREADS" -c"$SYNC_CONNECTIONS" -d3s "$url" >/dev/null
        BENCH_OUT="$dir/wrk-${client}_$order.txt" wrk -t"$SYNC_THREADS" -c"$SYNC_CONNECTIONS" -d10s \
            -s bench/get.lua "$url" >/dev/null
        say "$(printf 'under load (wrk -c%s, 10 s) %-11s %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  non-2xx %s' \
            "$SYNC_CONNECTIONS" "${client}_$order" "$(get rps "$dir/wrk-${client}_$order.txt")" \
            "$(get lat_p50_ms "$dir/wrk-${client}_$order.txt")" "$(get lat_p99_ms "$dir/wrk-${client}_$order.txt")" \
            "$(get non2xx "$dir/wrk-${client}_$order.txt")")"
    done
    stop_server
    rm -rf "$DATA_DIR"
}

run_longpoll() {
    local dir="$RESULTS/$(scenario_dir longpoll)"
    mkdir -p "$dir"
    start_server "$dir/server.log"
    local token
    token=$(create_channel)
    # Warm the async path and the poll path a little, so the wake figures are not the JIT's first calls.
    load async base="http://127.0.0.1:$PORT" token="$token" rate=200 seconds=5 clients=200 \
        prefix=w >"$dir/warmup.log" 2>&1
    say ""
    say "== longpoll ($DB): $LONGPOLL_POLLS concurrent GET /events?timeout=55 of distinct clients, then $LONGPOLL_WAKE woken by /async (ulimit -n $(ulimit -n), server -Xmx$SERVER_HEAP)"
    load longpoll base="http://127.0.0.1:$PORT" token="$token" polls="$LONGPOLL_POLLS" wake="$LONGPOLL_WAKE" \
        timeout=55 pid="$SERVER_PID" dbpid="$(db_pid)" dir="$dir" out="$dir/run.txt" >"$dir/run.log" 2>&1
    local f="$dir/run.txt"
    say "$(printf 'server before the polls: heap used after full GC %.1f MB (committed %.1f MB), RSS %.1f MB, %s OS threads' \
        "$(get before_heap_used_after_gc_mb "$f")" "$(get before_heap_committed_mb "$f")" "$(get before_rss_mb "$f")" \
        "$(get before_os_threads "$f")")"
    say "$(printf 'server with %s polls waiting: heap used after full GC %.1f MB (committed %.1f MB), RSS %.1f MB, %s OS threads, %s fds' \
        "$(get polls_waiting_at_measure "$f")" "$(get waiting_heap_used_after_gc_mb "$f")" \
        "$(get waiting_heap_committed_mb "$f")" "$(get waiting_rss_mb "$f")" "$(get waiting_os_threads "$f")" \
        "$(get waiting_open_fds "$f")")"
    say "$(printf 'ramp: %s polls sent in %.1f s' "$(get polls_sent "$f")" "$(get ramp_s "$f")")"
    say "$(printf 'wake (async 200 -> poll answer), %s woken: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms' \
        "$(get woken "$f")" "$(get wake_from_200_p50_ms "$f")" "$(get wake_from_200_p90_ms "$f")" \
        "$(get wake_from_200_p99_ms "$f")" "$(get wake_from_200_max_ms "$f")")"
    say "$(printf 'wake (async sent -> poll answer): p50 %.2f ms  p99 %.2f ms  max %.2f ms' \
        "$(get wake_from_send_p50_ms "$f")" "$(get wake_from_send_p99_ms "$f")" "$(get wake_from_send_max_ms "$f")")"
    say "polls ended by their timeout with an empty answer: $(get timed_out_empty_ok "$f"); errors: $(get errors "$f")" \
        "(connect $(get errors_connect "$f"), io $(get errors_io "$f"), status/body $(get errors_status_or_body "$f")," \
        "early $(get errors_early_empty "$f"), woken without reply $(get errors_woken_without_reply "$f")," \
        "wake $(get errors_wake "$f"), unfinished $(get errors_unfinished "$f"))"
    say "$(cat "$dir/window.cpu")"
    stop_server
    rm -rf "$DATA_DIR"
}

# Async turns delivered to a local webhook. bench/Webhook.java runs the receiver (and creates the channel whose
# webhook points at it); wrk sends the async requests with bench/async.lua, paced to WEBHOOK_RATE, then unpaced
# for the maximum; last, a campaign of WEBHOOK_RECIPIENTS. Each phase gets a fresh server, and a warm-up on the
# same channel and receiver (the JDK HttpClient, Helidon and the receiver need about 20 s of load before the JIT
# stops taking a core's worth of CPU).
# Not part of the default set: name it (bench/run.sh webhook).
# webhook_phase DIR LABEL RATE: one receiver and one channel; wrk warms up on them for WEBHOOK_WARMUP s, then runs
# WEBHOOK_SECONDS measured; the receiver reports only what arrived in the measured window.
webhook_phase() {
    local dir=$1 label=$2 rate=$3 tokenfile
    tokenfile="$dir/$label.token"
    rm -f "$tokenfile"
    "$JAVA" bench/Webhook.java base="http://127.0.0.1:$PORT" admin="$ADMIN_TOKEN" scenario=bench/scenario.yaml \
        mode=receive tokenFile="$tokenfile" warmup="$WEBHOOK_WARMUP" seconds="$WEBHOOK_SECONDS" \
        slowFile="$dir/$label.late.txt" >"$dir/$label.txt" 2>&1 &
    local receiver=$!
    for _ in $(seq 100); do [[ -s "$tokenfile" ]] && break; sleep 0.1; done
    [[ -s "$tokenfile" ]] || die "webhook receiver did not start, see $dir/$label.txt"
    local wrk_env=(BENCH_TOKEN="$(cat "$tokenfile")" BENCH_RATE="$rate" BENCH_CONNECTIONS=64)
    env "${wrk_env[@]}" wrk -t2 -c64 -d"${WEBHOOK_WARMUP}s" -s bench/async.lua "http://127.0.0.1:$PORT" \
        >"$dir/$label-warmup.wrk.txt" 2>&1
    local r0 top_pid
    r0=$(proc_cpu "$receiver")
    (sleep $((WEBHOOK_SECONDS / 2)) && thread_top "$dir/$label.top-threads.txt") &
    top_pid=$!
    measured "$label" "$dir" wrk "$dir/$label.wrk.txt" env "${wrk_env[@]}" \
        wrk -t2 -c64 -d"${WEBHOOK_SECONDS}s" -s bench/async.lua "http://127.0.0.1:$PORT"
    # the receiver is part of the benchmark: move its CPU out of "other processes" into a line of its own
    local rcpu
    rcpu=$(awk -v a="$r0" -v b="$(proc_cpu "$receiver")" 'BEGIN { printf "%.1f", b - a }')
    awk -v r="$rcpu" '{ if (match($0, /other processes [0-9.]+ s$/)) { split(substr($0, RSTART), f, " ");
        o = f[3] - r; if (o < 0) o = 0; $0 = substr($0, 1, RSTART - 1) sprintf("other processes %.1f s", o) }
        print } END { printf "webhook receiver %s s\n", r }' "$dir/$label.cpu" >"$dir/$label.cpu.tmp"
    mv "$dir/$label.cpu.tmp" "$dir/$label.cpu"
    wait "$top_pid" 2>/dev/null || true
    wait "$receiver"
}

run_webhook() {
    local dir="$RESULTS/$(scenario_dir webhook)"
    mkdir -p "$dir"
    say ""
    say "== webhook ($DB): async -> webhook with wrk at ${WEBHOOK_RATE}/s and unpaced, ${WEBHOOK_WARMUP}s warm-up and ${WEBHOOK_SECONDS}s measured each; campaign of ${WEBHOOK_RECIPIENTS}"
    local label rate
    for label in paced unpaced; do
        rate=$([[ $label == paced ]] && echo "$WEBHOOK_RATE" || echo 0)
        start_server "$dir/server-$label.log"
        webhook_phase "$dir" "$label" "$rate"
        say "$label: wrk $(grep -E 'Requests/sec' "$dir/$label.wrk.txt" | tr -s ' ') async/s; $(cat "$dir/$label.txt")"
        say "  $(tr '\n' ';' <"$dir/$label.cpu" | sed 's/;$//; s/;/; /g')"
        say "  server CPU by thread group (5 s mid-run, % of one core): $(sed -n '/by thread group/,$p' \
            "$dir/$label.top-threads.txt" | tail -n +2 | head -7 | awk '{ printf "%s %s; ", $2, $1 }')"
        stop_server
    done
    start_server "$dir/server-campaign.log"
    "$JAVA" bench/Webhook.java base="http://127.0.0.1:$PORT" admin="$ADMIN_TOKEN" scenario=bench/scenario.yaml \
        mode=campaign recipients="$WEBHOOK_RECIPIENTS" >"$dir/campaign.txt" 2>&1
    say "$(cat "$dir/campaign.txt")"
    stop_server
}

# ------------------------------------------------------------------ main

for s in "${SCENARIOS[@]}"; do
    case "$s" in
        baseline | sync | async | history | longpoll | webhook) ;;
        *) die "unknown scenario '$s' (baseline sync async history longpoll webhook)" ;;
    esac
done
need_wrk
build_jar
compile_tools
machine
say "command: bench/run.sh ${*}"
say "jar: $PARLEY_JAR (sha256 $(sha256sum "$JAR" | cut -c1-12))"
# The largest share of a core that other processes took during any measured phase of a scenario, in %.
disturbance() {
    cat "$RESULTS/$(scenario_dir "$1")"/*.cpu 2>/dev/null | sed -nE 's/^cpu over ([0-9.]+)s wall.* other processes ([0-9.]+) s$/\1 \2/p' |
        awk '{ p = $2 / $1 * 100; if (p > m) m = p } END { printf "%.0f", m }'
}

if [[ "$BENCH_DB" != sqlite ]]; then
    pg_start
fi
for s in "${SCENARIOS[@]}"; do
  for DB in "${DBS[@]}"; do
    for attempt in $(seq 0 "$BENCH_RETRIES"); do
        if [[ "$BENCH_QUIET_WAIT" -gt 0 ]]; then
            wait_quiet
        fi
        "run_$s"
        d=$(disturbance "$s")
        if ((d <= 10)); then
            break
        fi
        if [[ " $BENCH_RETRY_SCENARIOS " != *" $s "* ]]; then
            say "note: other processes took ${d}% of a core during '$s' on $DB (not re-run: BENCH_RETRY_SCENARIOS)"
            break
        fi
        if ((attempt < BENCH_RETRIES)); then
            say "WARNING: other processes took ${d}% of a core during '$s' on $DB; running it again"
            mv "$RESULTS/$(scenario_dir "$s")" "$RESULTS/$(scenario_dir "$s").disturbed-$attempt"
        else
            say "WARNING: other processes took ${d}% of a core during '$s' on $DB in every attempt; its figures are disturbed"
        fi
    done
  done
done
say ""
say "raw results: $RESULTS"
