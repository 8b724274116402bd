#!/usr/bin/env bash
# Export benchmark: seeds a channel with BENCH_EXPORT_MESSAGES messages straight into SQLite, then streams them out
# through GET /api/v1/channels/{id}/export (jsonl, then csv) from a server with a small heap, sampling its heap
# (the parley_jvm_heap_used_bytes gauge of /metrics) every 200 ms while the export runs. Talks to 127.0.0.1 only.
#
#   bench/export.sh                               # 1,000,000 messages, -Xmx128m
#   BENCH_EXPORT_MESSAGES=200000 bench/export.sh  # fewer
#   BENCH_BUILD=1 bench/export.sh                 # rebuild target/parley.jar first
#   JAVA_HOME: default Temurin 25 if present, else the `java` on PATH
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${BENCH_EXPORT_MESSAGES:-1000000}
PER_CLIENT=${BENCH_EXPORT_PER_CLIENT:-100}
HEAP=${BENCH_EXPORT_HEAP:-128m}
JAR=${PARLEY_JAR:-target/parley.jar}
TOKEN=bench-admin-token-0123456789
if [[ -z "${JAVA_HOME:-}" && -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ -n "${JAVA_HOME:-}" ]]; then export PATH=$JAVA_HOME/bin:$PATH; fi
if [[ ! -f "$JAR" || -n "${BENCH_BUILD:-}" ]]; then ./mvnw -q -B -ntp package -DskipTests; fi
OUT=bench/results/export-$(date -u +%Y%m%dT%H%M%SZ); mkdir -p "$OUT"
DATA=$(mktemp -d)
# a port below the ephemeral range, which other work's outgoing connections on a shared machine keep taking; one
# that turns out to be taken gets another try
free_port() { python3 -c 'import random, socket
while True:
    p = random.randint(20000, 30000); s = socket.socket()
    try:
        s.bind(("0.0.0.0", p)); print(p); break
    except OSError:
        pass'; }
server() {
  for _ in 1 2 3; do
    PORT=$(free_port); BASE=http://127.0.0.1:$PORT
    PARLEY_PORT=$PORT PARLEY_DATA_DIR=$DATA PARLEY_ADMIN_TOKEN=$TOKEN PARLEY_DEMO=false \
      java -Xmx$HEAP -jar "$JAR" >>"$OUT/server.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 150); do
      kill -0 "$PID" 2>/dev/null || break
      curl -sf "$BASE/health" >/dev/null && return
      sleep 0.2
    done
    kill "$PID" 2>/dev/null || true
  done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$PID"; wait "$PID" || true; }
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT

server
CHANNEL=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$BASE/api/v1/channels" \
  -d '{"name": "export-bench", "scenario": "name: b\nstates:\n  /Start:\n    - text: hi\n"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
stop

START=1700000000000
echo "seeding $MESSAGES messages ($PER_CLIENT per client) into channel $CHANNEL"
SEED_START=$(date +%s.%N)
# the sqlite3 shell may be older than the full-text index's SQLite (3.43+, contentless_delete): this store is never
# searched, so its index triggers go before seeding, and the shell never opens the index
sqlite3 "$DATA/parley.db" <<SQL
PRAGMA journal_mode=WAL;
DROP TRIGGER events_fts_insert;
DROP TRIGGER events_fts_delete;
DROP TRIGGER events_fts_update;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $MESSAGES)
INSERT INTO events (channel_id, client_id, ts, type, question_id, cid, unsolicited, author, text, status, pending, body)
SELECT $CHANNEL, printf('client-%07d', i / $PER_CLIENT), $START + i, CASE i % 2 WHEN 0 THEN 'request' ELSE 'botResponse' END,
       printf('q-%d', i / 2), NULL, 0, CASE i % 2 WHEN 0 THEN 'CLIENT' ELSE 'BOT' END,
       CASE i % 2 WHEN 0 THEN printf('where is my order %d, please?', i) ELSE 'Your order is on its way, thank you for waiting!' END,
       CASE i % 2 WHEN 0 THEN NULL ELSE 'READ' END, 0,
       CASE i % 2 WHEN 0 THEN printf('{"questionId":"q-%d","query":"where is my order %d, please?"}', i / 2, i)
            ELSE printf('{"questionId":"q-%d","data":{"replies":[{"type":"text","text":"Your order is on its way, thank you for waiting!"},{"type":"buttons","buttons":[{"text":"Track it"},{"text":"Talk to a person"}]}]}}', i / 2) END
FROM n;
INSERT INTO clients (channel_id, client_id, session, session_version, session_ended, last_activity, activity_minute, last_ts, message_count)
SELECT channel_id, client_id, '', 1, 0, MAX(ts), MAX(ts) / 60000, MAX(ts), COUNT(*) FROM events WHERE channel_id = $CHANNEL GROUP BY client_id;
COMMIT;
SQL
SEED_END=$(date +%s.%N)
server

sample_heap() {
  while kill -0 "$1" 2>/dev/null; do
    curl -s "$BASE/metrics" | awk '/^parley_jvm_heap_used_bytes/ {print $2}'
    sleep 0.2
  done
}
# the server's user + system CPU time so far, in clock ticks: on a shared machine the wall-clock rate depends on
# what else runs, the CPU it took does much less
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
export_run() {
  local format=$1
  curl -s -o "$OUT/export.$format" -H "Authorization: Bearer $TOKEN" -w '%{http_code} %{size_download} %{time_total}\n' \
    "$BASE/api/v1/channels/$CHANNEL/export?format=$format" >"$OUT/curl.$format" &
  local curl_pid=$!
  local cpu_before; cpu_before=$(cpu_ticks)
  sample_heap $curl_pid >"$OUT/heap.$format"
  wait $curl_pid
  local cpu; cpu=$(python3 -c "print(round(($(cpu_ticks) - $cpu_before) / $(getconf CLK_TCK), 1))")
  read -r code bytes seconds <"$OUT/curl.$format"
  local lines; lines=$(wc -l <"$OUT/export.$format")
  local rate; rate=$(python3 -c "print(round($MESSAGES / $seconds))")
  local heap; heap=$(sort -n "$OUT/heap.$format" | awk '{a[NR]=$1} END {printf "min %.0f MiB, max %.0f MiB, %d samples", a[1]/1048576, a[NR]/1048576, NR}')
  local per_cpu; per_cpu=$(python3 -c "print(round($MESSAGES / max($cpu, 0.1)))")
  echo "$format: HTTP $code, $lines lines, $bytes bytes in ${seconds}s = $rate messages/s;" \
    "server CPU ${cpu}s = $per_cpu messages per CPU-second; heap used during the export: $heap" | tee -a "$OUT/summary.txt"
  rm -f "$OUT/export.$format"
}
{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(java -version 2>&1 | head -1); server -Xmx$HEAP"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "seeded $MESSAGES messages in $(python3 -c "print(round($SEED_END - $SEED_START, 1))") s"
} | tee "$OUT/summary.txt"
export_run jsonl
export_run csv
jcmd "$PID" GC.heap_info >"$OUT/heap_info.txt" 2>&1 || true
stop
echo "results in $OUT"
