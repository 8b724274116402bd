# Sourced by bench/idle-pg.sh and bench/crossnode.sh: a throwaway PostgreSQL cluster and the servers run on it.
#
#   throwaway_pg_init PREFIX   makes WORK (a temp dir named PREFIX.XXXXXX), RUN_AS (the user PostgreSQL runs as:
#                              postgres, or nobody, when the script runs as root, since PostgreSQL refuses root),
#                              PIDS (servers to stop at the end) and a trap that stops them and the cluster and
#                              deletes WORK on exit; then initdb into WORK/data (user parley, trust auth).
# Needs PG_BIN.

throwaway_pg_init() {
    WORK=$(mktemp -d "$1.XXXXXX")
    RUN_AS=()
    if [[ $(id -u) -eq 0 ]]; then
        local user
        user=$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)
        chown "$user" "$WORK"
        RUN_AS=(runuser -u "$user" --)
    fi
    PIDS=()
    trap throwaway_pg_cleanup EXIT
    "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U parley --auth=trust >/dev/null
}

throwaway_pg_cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
