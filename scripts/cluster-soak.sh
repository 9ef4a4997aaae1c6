#!/usr/bin/env bash
# Soak of two real `patgate serve` processes (A and B) on one PostgreSQL database, in front of one
# webdav-demo, bounded to about a minute (issue 12, docs/operations.md "Several gateways on one
# PostgreSQL"):
#   - wrk on A and on B at once, for PATGATE_SOAK_SECONDS (default 30), GETs a file with 8 valid
#     tokens (scripts/cluster/soak.lua): every answer must be 200 (zero 5xx, zero valid refused);
#   - meanwhile two threads (scripts/cluster/ClusterProbe.java churn) create tokens through A's and
#     B's token API, use each on both, revoke it through one, and GET it on both for 1.3 s after
#     the revocation's 204: zero 5xx, zero valid token refused, zero 200 answered more than 1 s
#     after that 204; it prints the time to refusal on the other instance.
# Optionally (--throughput) first measures wrk on A alone, then on A and B at once (the two
# instances' throughput against one's), and the store statements per request against those at rest
# (docs/benchmarks.md, "Several gateways").
# Needs java, curl, psql, wrk (installed with apt-get when missing) and PostgreSQL: host:port from
# PATGATE_PG_URL (default 127.0.0.1:5432), user postgres, trust; the database PATGATE_SOAK_DB
# (default patgate_cluster_soak), made anew and dropped at the end. Ports from PATGATE_SOAK_PORT
# (default 18600). Every wait is bounded; everything it started is stopped on exit.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

THROUGHPUT=""
[ "${1:-}" = --throughput ] && THROUGHPUT=1

lib_init
need curl curl
need psql postgresql-client
need wrk wrk
install_needed
lib_jars

PG=${PATGATE_PG_URL:-127.0.0.1:5432}
DB=${PATGATE_SOAK_DB:-patgate_cluster_soak}
SECONDS_LOAD=${PATGATE_SOAK_SECONDS:-30}
BASE=${PATGATE_SOAK_PORT:-18600}
PROBE="$LIB_REPO/scripts/cluster/ClusterProbe.java"
LUA="$LIB_REPO/scripts/cluster/soak.lua"
psql_db() { psql -h "${PG%:*}" -p "${PG#*:}" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_db -d test -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" ||
    die "PostgreSQL at $PG is unreachable"
on_cleanup "psql_db -d test -c 'DROP DATABASE IF EXISTS $DB WITH (FORCE)'"

free_port "$BASE"; DEMO_PORT=$FREE_PORT
free_port $((BASE + 1)); A_PORT=$FREE_PORT
free_port $((BASE + 2)); B_PORT=$FREE_PORT
HOME_DIR="$WORK/home"
conf() { # conf NAME PORT: one instance's configuration; both share data_dir (token.key) and the database
    gw_home "$WORK/$1" "$2" "http://127.0.0.1:$DEMO_PORT" signed-identity /dav/
    sed -i "s|^data_dir: .*|data_dir: $HOME_DIR/var|" "$WORK/$1/config/gateway.yaml"
    cat >>"$WORK/$1/config/gateway.yaml" <<YAML
store:
  url: jdbc:postgresql://$PG/$DB
  user: postgres
access_log:
  format: "off"
YAML
}
mkdir -p "$HOME_DIR/var"
conf a "$A_PORT"
conf b "$B_PORT"
A_CONF="$WORK/a/config/gateway.yaml"
B_CONF="$WORK/b/config/gateway.yaml"
A=http://127.0.0.1:$A_PORT
B=http://127.0.0.1:$B_PORT
gw "$A_CONF" keys init >/dev/null

start_bg "$WORK/webdav-demo.log" java -jar "$DEMO_JAR" --host 127.0.0.1 --port "$DEMO_PORT" \
    --data "$WORK/demo-files" --identity-key "$HOME_DIR/var/identity.key"
wait_port 127.0.0.1 "$DEMO_PORT" "$BG_PID" "$WORK/webdav-demo.log"
start_bg "$WORK/a.log" env PATGATE_HOME="$WORK/a" java -jar "$GW_JAR" serve --allow-demo-users -c "$A_CONF"
wait_port 127.0.0.1 "$A_PORT" "$BG_PID" "$WORK/a.log"
start_bg "$WORK/b.log" env PATGATE_HOME="$WORK/b" java -jar "$GW_JAR" serve --allow-demo-users -c "$B_CONF"
wait_port 127.0.0.1 "$B_PORT" "$BG_PID" "$WORK/b.log"
say "webdav-demo on $DEMO_PORT, gateway A on $A, gateway B on $B, store $PG/$DB"

: >"$WORK/tokens.txt"
for i in 1 2 3 4 5 6 7 8; do # through the token API of A and B in turn (faster than 8 CLI starts)
    url=$A; [ $((i % 2)) = 0 ] && url=$B
    { curl -fsS --max-time 20 -u alice:alice-demo -H 'Content-Type: application/json' \
        -d '{"expire": "1h", "label": "soak"}' "$url/patgate/tokens"; echo; } | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p' >>"$WORK/tokens.txt"
done
[ "$(grep -c . "$WORK/tokens.txt")" = 8 ] || die "could not create the soak's tokens"
T=$(head -n1 "$WORK/tokens.txt")
echo "soak" >"$WORK/soak.txt"
curl -fsS --max-time 20 -H "Authorization: Bearer $T" -T "$WORK/soak.txt" "$A/dav/personal-files/soak.txt" ||
    die "cannot PUT through A"
FILE=/dav/personal-files/soak.txt
run_wrk() { # run_wrk SECONDS URL OUT: one wrk, 1 thread, 8 connections
    WRK_TOKENS="$WORK/tokens.txt" WRK_PATH="$FILE" wrk -t1 -c8 -d"$1s" --timeout 5s -s "$LUA" "$2" >"$3" 2>&1
}
rps() { awk '/^Requests\/sec/ { print int($2) }' "$1"; }
reqs() { sed -n 's/^soak: \([0-9]*\) requests.*/\1/p' "$1"; }
# transactions of the database so far (pg_stat_database counts each autocommit statement as one)
xacts() { psql_db -d "$DB" -c "SELECT pg_stat_force_next_flush()" -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$DB'" | tail -1; }

if [ -n "$THROUGHPUT" ]; then
    run_wrk 3 "$A" "$WORK/warm-a.txt"; run_wrk 3 "$B" "$WORK/warm-b.txt" # JIT warm-up
    sleep 2 # the warm-up's uses flushed
    x0=$(xacts); sleep 10; x1=$(xacts); rest=$((x1 - x0))
    run_wrk 10 "$A" "$WORK/one.txt"
    x0=$(xacts)
    run_wrk 10 "$A" "$WORK/two-a.txt" & W1=$!
    run_wrk 10 "$B" "$WORK/two-b.txt" & W2=$!
    wait "$W1" "$W2"
    x1=$(xacts)
    one=$(rps "$WORK/one.txt"); two=$(( $(rps "$WORK/two-a.txt") + $(rps "$WORK/two-b.txt") ))
    requests=$(( $(reqs "$WORK/two-a.txt") + $(reqs "$WORK/two-b.txt") ))
    {
        echo "throughput: one instance $one requests/s (wrk -t1 -c8), two instances $two requests/s together (a wrk each), ratio $(awk -v a="$two" -v b="$one" 'BEGIN { printf "%.2f", a / b }'); $(nproc) cores shared by everything; load average $(cut -d' ' -f1 /proc/loadavg)"
        echo "store statements: $rest in 10 s at rest (both), $((x1 - x0)) in the 10 s of $requests requests on both: $(awk -v x="$((x1 - x0 - rest))" -v r="$requests" 'BEGIN { printf "%.5f", (x > 0 ? x : 0) / r }') per request above rest"
    } | tee "$WORK/throughput.txt"
fi

say "soak: wrk on A and B for ${SECONDS_LOAD} s while tokens are created and revoked"
run_wrk "$SECONDS_LOAD" "$A" "$WORK/wrk-a.txt" & WRK_A=$!
run_wrk "$SECONDS_LOAD" "$B" "$WORK/wrk-b.txt" & WRK_B=$!
PROBE_PASSWORD=alice-demo java "$PROBE" churn $((SECONDS_LOAD - 3)) 2 "$A" "$B" alice - "$FILE" >"$WORK/churn.txt" 2>&1 &
CHURN=$!
wait "$WRK_A" "$WRK_B" || true
CHURN_STATUS=0
wait "$CHURN" || CHURN_STATUS=$?
cat "$WORK/wrk-a.txt" "$WORK/wrk-b.txt" "$WORK/churn.txt"

steady_ok() { # every wrk answer 200, no socket error, and some load at all
    local f line
    for f in "$WORK/wrk-a.txt" "$WORK/wrk-b.txt"; do
        line=$(grep '^soak:' "$f") || { echo "no summary in $f"; return 1; }
        echo "$line" | grep -Eq '^soak: [1-9][0-9]* requests, 0 not 200, errors: connect 0, read 0, write 0, status 0, timeout 0$' ||
            { echo "$f: $line"; return 1; }
    done
}
check "wrk on A and B: every answer 200 (no 5xx, no valid token refused, no socket error)" steady_ok
churn_ok() { [ "$CHURN_STATUS" = 0 ]; }
check "tokens created and revoked meanwhile: no 5xx, no valid refused, none accepted > 1 s after revocation" churn_ok
check "no token reached a log" token_not_logged "$T" "$WORK/a.log" "$WORK/b.log" "$WORK/webdav-demo.log"

say "figures"
cat "$WORK/throughput.txt" 2>/dev/null || true
grep -h '^soak:' "$WORK/wrk-a.txt" "$WORK/wrk-b.txt" | sed 's/^/wrk /' || true
echo "wrk requests/s: A $(rps "$WORK/wrk-a.txt"), B $(rps "$WORK/wrk-b.txt")"
grep '^churn:' "$WORK/churn.txt" || true
summary
