#!/usr/bin/env bash
# Parley fault suite: the real jar under load while its database, disk, process or sockets fail; then checks that
# nothing acknowledged was lost. One command, a fresh server per case, results under bench/results/faults-<date>/.
#
#   bench/faults.sh                    # every case (about 10 minutes)
#   bench/faults.sh pg-outage kill9    # only these
#
# Cases (see docs/RELIABILITY.md for what each checks and the latest figures):
#   pg-outage   PostgreSQL stopped (pg_ctl stop -m fast) for FAULT_HOLD s, then started again
#   pg-restart  PostgreSQL restarted (pg_ctl restart -m fast)
#   disk-full   SQLite on a 64 MiB tmpfs, filled by a ballast file for FAULT_HOLD s, then freed (needs root)
#   kill9       the server killed with SIGKILL and started again on the same data
#   fd-limit    the server under `ulimit -n FD_LIMIT`; FD_IDLE idle connections held for FAULT_HOLD s, then closed
#   slowloris   SLOW_CLIENTS connections dribbling header bytes for SLOW_HOLD s beside the normal load
#
# Every case runs sync and async turns (SYNC_RATE and ASYNC_RATE per second) from 100 clients each on a channel with a
# webhook, for FAULT_WARMUP s before the fault, during it and FAULT_AFTER s after it, then checks without restarting
# the server (bench/Faults.java): every acknowledged turn is in history, every accepted async turn's reply is in
# /events and reached the webhook within FAULT_SETTLE s. The script exits non-zero when any case failed.
#
# Needs: a JDK 21+ (JAVA_HOME, default Temurin 25 if present), curl; for the PostgreSQL cases Debian's postgresql-15
# package (installed with apt-get when missing); root for the tmpfs of disk-full and to run PostgreSQL as `postgres`.
#
# Knobs (environment): SYNC_RATE=50 ASYNC_RATE=50 FAULT_WARMUP=8 FAULT_HOLD=20 FAULT_AFTER=15 FAULT_SETTLE=60
#   FD_LIMIT=1024 FD_IDLE=1100 SLOW_CLIENTS=3000 SLOW_ADDRESSES=30 SLOW_HOLD=30 SERVER_HEAP=512m
#   PARLEY_JAR=target/parley.jar (BENCH_BUILD=1 rebuilds it)   SERVER_ENV="PARLEY_X=1 PARLEY_Y=2" (extra settings)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [[ -z "${JAVA_HOME:-}" ]]; then
    if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
        export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    else
        JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        export JAVA_HOME
    fi
fi
JAVA="$JAVA_HOME/bin/java"
ADMIN_TOKEN=faults-admin-token-0123456789
SERVER_HEAP=${SERVER_HEAP:-512m}
SYNC_RATE=${SYNC_RATE:-50}
ASYNC_RATE=${ASYNC_RATE:-50}
FAULT_WARMUP=${FAULT_WARMUP:-8}
FAULT_HOLD=${FAULT_HOLD:-20}
FAULT_AFTER=${FAULT_AFTER:-15}
FAULT_SETTLE=${FAULT_SETTLE:-60}
FD_LIMIT=${FD_LIMIT:-1024}
FD_IDLE=${FD_IDLE:-1100}
SLOW_CLIENTS=${SLOW_CLIENTS:-3000}
SLOW_ADDRESSES=${SLOW_ADDRESSES:-30}
SLOW_HOLD=${SLOW_HOLD:-30}
PARLEY_JAR=${PARLEY_JAR:-target/parley.jar}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
ALL_CASES=(pg-outage pg-restart disk-full kill9 fd-limit slowloris)

CASES=("$@")
if [[ ${#CASES[@]} -eq 0 ]]; then
    CASES=("${ALL_CASES[@]}")
fi
for c in "${CASES[@]}"; do
    [[ " ${ALL_CASES[*]} " == *" $c "* ]] || { echo "faults: unknown case '$c' (${ALL_CASES[*]})" >&2; exit 2; }
done

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$ROOT/bench/results/faults-$STAMP"
mkdir -p "$RESULTS"
SUMMARY="$RESULTS/summary.txt"

say() { printf '%s\n' "$*" | tee -a "$SUMMARY"; }
die() { echo "faults: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }

# Sockets for the slow clients and the server's side of them.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ------------------------------------------------------------------ tools

JAR=""
build_jar() {
    if [[ "$PARLEY_JAR" == target/parley.jar && ( ! -f "$PARLEY_JAR" || "${BENCH_BUILD:-0}" == 1 ) ]]; then
        echo "faults: building target/parley.jar" >&2
        ./mvnw -q -o package -DskipTests -Dcheckstyle.skip 2>/dev/null || ./mvnw -q package -DskipTests -Dcheckstyle.skip
    fi
    [[ -f "$PARLEY_JAR" ]] || die "$PARLEY_JAR was not built"
    # A private copy: a build in the work tree replacing target/parley.jar under a running server breaks it.
    JAR=$(mktemp /tmp/parley-fault-jar.XXXXXX)
    cp "$PARLEY_JAR" "$JAR"
}

CLASSES=""
compile_driver() {
    CLASSES=$(mktemp -d /tmp/parley-fault-classes.XXXXXX)
    "$JAVA_HOME/bin/javac" -nowarn -d "$CLASSES" bench/Faults.java 2>&1 | grep -v '^Note:' >&2 || true
    [[ -f "$CLASSES/Faults.class" ]] || die "bench/Faults.java did not compile"
}

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

# ------------------------------------------------------------------ the server

SERVER_PID=""
PORT=""
DATA_DIR=""
SERVER_FD_LIMIT=""      # a descriptor limit for the server alone (fd-limit)
SERVER_DB=()            # PARLEY_DB_* settings for the PostgreSQL cases

# start_server LOG [PORT] — on DATA_DIR; a free port unless one is given; waits for /health (60 s).
start_server() {
    local log=$1 fixed=${2:-} attempt
    for attempt in 1 2 3 4 5; do
        PORT=${fixed:-$(free_port)}
        (
            [[ -n "$SERVER_FD_LIMIT" ]] && ulimit -n "$SERVER_FD_LIMIT"
            # shellcheck disable=SC2086  # SERVER_ENV is a list of NAME=value words
            exec env PARLEY_DATA_DIR="$DATA_DIR" PARLEY_PORT="$PORT" PARLEY_ADMIN_TOKEN="$ADMIN_TOKEN" \
                PARLEY_CLIENT_RATE=0 PARLEY_DEMO=false "${SERVER_DB[@]}" ${SERVER_ENV:-} \
                "$JAVA" "-Xmx$SERVER_HEAP" -jar "$JAR"
        ) >>"$log" 2>&1 &
        SERVER_PID=$!
        for _ in $(seq 300); do
            if curl -sf -m 2 -o /dev/null "http://127.0.0.1:$PORT/health"; then
                return 0
            fi
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -0 "$SERVER_PID" 2>/dev/null && die "server did not answer /health within 60 s, see $log"
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
        grep -q "Address already in use" "$log" || die "server exited at start, see $log"
        echo "faults: port $PORT was taken, trying again" >&2
        sleep 1
    done
    die "server could not bind a port, see $log"
}

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
}

# ------------------------------------------------------------------ PostgreSQL (a throwaway cluster)

PGDATA_DIR=""
PG_PORT=""
PG_USER_CMD=()

need_postgres() {
    [[ -x "$PG_BIN/pg_ctl" ]] && return
    echo "faults: installing PostgreSQL 15 (Debian package postgresql-15)" >&2
    as_root apt-get update -qq >/dev/null && as_root apt-get install -y -qq postgresql-15 >/dev/null
    [[ -x "$PG_BIN/pg_ctl" ]] || die "PostgreSQL 15 is required in $PG_BIN (apt-get install postgresql-15)"
}

pg() { "${PG_USER_CMD[@]}" "$PG_BIN/$1" "${@:2}"; }

pg_ctl_() {
    pg pg_ctl -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=on" "$@" >/dev/null
}

pg_setup() {
    need_postgres
    # PostgreSQL refuses to run as root.
    if [[ $(id -u) -eq 0 ]]; then
        PG_USER_CMD=(runuser -u postgres --)
    fi
    PGDATA_DIR=$(mktemp -d /tmp/parley-fault-pg.XXXXXX)
    [[ $(id -u) -eq 0 ]] && chown postgres: "$PGDATA_DIR"
    PG_PORT=$(free_port)
    pg initdb -D "$PGDATA_DIR" -A trust -U parley -E UTF8 >"$RESULTS/pg-initdb.log" 2>&1 ||
        die "initdb failed, see $RESULTS/pg-initdb.log"
    pg_ctl_ start
}

pg_database() {
    pg createdb -h 127.0.0.1 -p "$PG_PORT" -U parley "$1"
    SERVER_DB=(PARLEY_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$1" PARLEY_DB_USER=parley PARLEY_DB_PASSWORD=parley)
}

pg_teardown() {
    if [[ -n "$PGDATA_DIR" && -d "$PGDATA_DIR" ]]; then
        pg_ctl_ stop -m immediate 2>/dev/null || true
        rm -rf "$PGDATA_DIR"
    fi
    PGDATA_DIR=""
}

# ------------------------------------------------------------------ the load and the fault window

DRIVER_PID=""
HOLD_PID=""
CASE_DIR=""
FAILED=()

# begin CASE DRIVER-ARGS... — starts the load on the running server and waits FAULT_WARMUP s.
begin() {
    local name=$1
    shift
    CASE_DIR="$RESULTS/$name"
    "$JAVA" -cp "$CLASSES" Faults run base="http://127.0.0.1:$PORT" admin="$ADMIN_TOKEN" scenario=bench/scenario.yaml \
        dir="$CASE_DIR" case="$name" syncRate="$SYNC_RATE" asyncRate="$ASYNC_RATE" after="$FAULT_AFTER" \
        settle="$FAULT_SETTLE" "$@" >"$CASE_DIR/driver.txt" 2>"$CASE_DIR/driver.log" &
    DRIVER_PID=$!
    for _ in $(seq 300); do
        [[ -f "$CASE_DIR/ready" ]] && break
        kill -0 "$DRIVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    [[ -f "$CASE_DIR/ready" ]] || die "the load did not start, see $CASE_DIR/driver.log"
    sleep "$FAULT_WARMUP"
}

fault_start() { now_ms >"$CASE_DIR/fault.start"; }
fault_end() { now_ms >"$CASE_DIR/fault.end"; }

# finish CASE — waits for the load and its checks; records the outcome.
finish() {
    local name=$1 rc=0
    wait "$DRIVER_PID" || rc=$?
    DRIVER_PID=""
    if [[ -f "$CASE_DIR/summary.txt" ]]; then
        tee -a "$SUMMARY" <"$CASE_DIR/summary.txt"
    else
        say "$name FAIL  the driver ended without a result (exit $rc), see $CASE_DIR/driver.log"
        rc=1
    fi
    ((rc == 0)) || FAILED+=("$name")
}

# hold MODE COUNT ADDRESSES — opens COUNT connections that stay idle (idle) or dribble header bytes (slow).
hold() {
    "$JAVA" -cp "$CLASSES" Faults hold base="http://127.0.0.1:$PORT" mode="$1" connections="$2" addresses="$3" \
        readyFile="$CASE_DIR/hold.ready" >"$CASE_DIR/hold.txt" 2>&1 &
    HOLD_PID=$!
    for _ in $(seq 600); do
        [[ -s "$CASE_DIR/hold.ready" ]] && break
        sleep 0.1
    done
    say "  $1 connections: $(cat "$CASE_DIR/hold.ready" 2>/dev/null || echo 'not all opened within 60 s')"
}

release() {
    if [[ -n "$HOLD_PID" ]]; then
        kill "$HOLD_PID" 2>/dev/null || true
        wait "$HOLD_PID" 2>/dev/null || true
    fi
    HOLD_PID=""
}

new_case() {
    CASE_DIR="$RESULTS/$1"
    mkdir -p "$CASE_DIR"
    DATA_DIR=$(mktemp -d /tmp/parley-fault-data.XXXXXX)
    SERVER_DB=()
    SERVER_FD_LIMIT=""
    say ""
    say "== $1: $2 (load average $(cut -d" " -f1-3 /proc/loadavg))"
}

end_case() {
    stop_server
    [[ "$DATA_DIR" == /tmp/parley-fault-data.* ]] && rm -rf "$DATA_DIR"
    DATA_DIR=""
}

# ------------------------------------------------------------------ cases

case_pg-outage() {
    new_case pg-outage "PostgreSQL stopped for ${FAULT_HOLD}s under load, then started"
    [[ -n "$PGDATA_DIR" ]] || pg_setup
    pg_database parley_outage
    start_server "$CASE_DIR/server.log"
    begin pg-outage faultMaxMs=5000 faultStatuses=503 healthDownMs=2000 recoverMs=10000
    fault_start
    pg_ctl_ stop -m fast
    sleep "$FAULT_HOLD"
    pg_ctl_ start
    fault_end
    finish pg-outage
    end_case
}

case_pg-restart() {
    new_case pg-restart "PostgreSQL restarted with pg_ctl restart -m fast under load"
    [[ -n "$PGDATA_DIR" ]] || pg_setup
    pg_database parley_restart
    start_server "$CASE_DIR/server.log"
    begin pg-restart faultMaxMs=5000 faultStatuses=503 recoverMs=10000
    fault_start
    pg_ctl_ restart -m fast
    fault_end
    finish pg-restart
    end_case
}

DISK=/tmp/parley-fault-disk
case_disk-full() {
    new_case disk-full "SQLite's disk (64 MiB tmpfs) full for ${FAULT_HOLD}s under load, then freed"
    if ! as_root mkdir -p "$DISK" || ! as_root mount -t tmpfs -o size=64m tmpfs "$DISK"; then
        say "disk-full     FAIL  could not mount a tmpfs at $DISK (needs root)"
        FAILED+=(disk-full)
        end_case
        return
    fi
    rm -rf "$DATA_DIR"
    DATA_DIR="$DISK/data"
    mkdir -p "$DATA_DIR"
    start_server "$CASE_DIR/server.log"
    begin disk-full faultMaxMs=5000 healthDownMs=5000 recoverMs=10000
    fault_start
    dd if=/dev/zero of="$DISK/ballast" bs=1M 2>/dev/null || true
    say "  disk: $(df -h "$DISK" | tail -1 | awk '{print $3 " used, " $4 " free"}')"
    sleep "$FAULT_HOLD"
    rm -f "$DISK/ballast"
    fault_end
    finish disk-full
    stop_server
    as_root umount "$DISK" || true
    as_root rmdir "$DISK" 2>/dev/null || true
    DATA_DIR=""
}

case_kill9() {
    new_case kill9 "the server killed with SIGKILL under load and started again on the same data and port"
    start_server "$CASE_DIR/server.log"
    begin kill9 recoverMs=10000
    fault_start
    kill -9 "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    echo "--- killed with SIGKILL at $(date -u +%T.%3N), restarting" >>"$CASE_DIR/server.log"
    start_server "$CASE_DIR/server.log" "$PORT"
    fault_end
    finish kill9
    end_case
}

case_fd-limit() {
    new_case fd-limit "server under ulimit -n $FD_LIMIT; $FD_IDLE idle connections for ${FAULT_HOLD}s, then closed"
    SERVER_FD_LIMIT=$FD_LIMIT
    start_server "$CASE_DIR/server.log"
    begin fd-limit recoverMs=5000
    fault_start
    hold idle "$FD_IDLE" "$FD_IDLE"
    sleep "$FAULT_HOLD"
    say "  server descriptors in use: $(ls "/proc/$SERVER_PID/fd" 2>/dev/null | wc -l) of $FD_LIMIT"
    release
    fault_end
    finish fd-limit
    end_case
}

case_slowloris() {
    new_case slowloris "$SLOW_CLIENTS slow clients from $SLOW_ADDRESSES addresses for ${SLOW_HOLD}s beside the load"
    start_server "$CASE_DIR/server.log"
    begin slowloris faultErrors=0 faultP99Ms=2000 recoverMs=5000
    fault_start
    hold slow "$SLOW_CLIENTS" "$SLOW_ADDRESSES"
    sleep "$SLOW_HOLD"
    say "  slow clients: $(tail -1 "$CASE_DIR/hold.txt")"
    release
    fault_end
    finish slowloris
    end_case
}

# ------------------------------------------------------------------ main

cleanup() {
    [[ -n "$DRIVER_PID" ]] && kill "$DRIVER_PID" 2>/dev/null
    release
    stop_server
    pg_teardown
    mountpoint -q "$DISK" 2>/dev/null && as_root umount "$DISK"
    [[ "$DATA_DIR" == /tmp/parley-fault-data.* ]] && rm -rf "$DATA_DIR"
    [[ -n "$JAR" ]] && rm -f "$JAR"
    [[ "$CLASSES" == /tmp/parley-fault-classes.* ]] && rm -rf "$CLASSES"
    true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_jar
compile_driver
say "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM," \
    "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "jdk: $("$JAVA" -version 2>&1 | head -1)"
say "date: $(date -u)   commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (+ uncommitted src changes)')"
say "command: bench/faults.sh ${*}"
say "load: $SYNC_RATE sync + $ASYNC_RATE async turns/s, ${FAULT_WARMUP}s before the fault, ${FAULT_AFTER}s after; replies awaited up to ${FAULT_SETTLE}s"

for c in "${CASES[@]}"; do
    "case_$c"
done
pg_teardown

say ""
if ((${#FAILED[@]} == 0)); then
    say "all ${#CASES[@]} cases passed"
else
    say "FAILED: ${FAILED[*]} (${#FAILED[@]} of ${#CASES[@]} cases)"
fi
say "raw results: $RESULTS"
((${#FAILED[@]} == 0))
