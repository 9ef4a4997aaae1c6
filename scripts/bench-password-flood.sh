#!/usr/bin/env bash
# Password-flood benchmark (docs/benchmarks.md, "Password flood"): does a flood of password logins
# on the token API slow token requests down? wrk sends token requests (GET of a 1 KiB file with
# Authorization: Bearer) to a gateway in front of webdav-demo, alone and then while a second wrk
# floods /patgate/tokens with alice's RIGHT password: the worst case, since a right password is
# never held back by the failure budget, so every request of the flood asks for a bcrypt check and
# only limits.password_checks bounds them. Rounds alternate alone / flooded; the medians of the
# token requests' p50 and p99 latency are reported, with the flooded ÷ alone ratios, and the flood's
# own answers (200 = checked, 503 = every check slot busy).
#
# Usage: scripts/bench-password-flood.sh [--rounds N (5)] [--duration SECONDS (10)]
#                                        [--connections N (8)] [--flood-connections N (32)]
#                                        [--password-checks N (the shipped default)]
# Environment: KEEP_WORK=1 keeps the work directory (logs, wrk output); BENCH_PORT_BASE (default 19380).
# Needs java 17, maven, curl; installs wrk with apt-get when missing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=5
DURATION=10
CONNECTIONS=8
FLOOD_CONNECTIONS=32
PASSWORD_CHECKS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --flood-connections) FLOOD_CONNECTIONS=$2; shift 2 ;;
        --password-checks) PASSWORD_CHECKS=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
for n in "$ROUNDS" "$DURATION" "$CONNECTIONS" "$FLOOD_CONNECTIONS" ${PASSWORD_CHECKS:+"$PASSWORD_CHECKS"}; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "every option takes a positive whole number"
done

lib_init
need wrk wrk
install_needed
for c in java mvn curl python3; do command -v "$c" >/dev/null || die "$c is needed"; done
lib_jars
start_demo_stack "${BENCH_PORT_BASE:-19380}" "$((${BENCH_PORT_BASE:-19380} + 100))"
if [ -n "$PASSWORD_CHECKS" ]; then
    # the stack's gateway.yaml sets no limits: add the one asked for and restart the gateway
    stop_bg "${LIB_PIDS[${#LIB_PIDS[@]} - 1]}"
    printf 'limits:\n  password_checks: %s\n' "$PASSWORD_CHECKS" >>"$GW_CONF"
    start_gateway "$GW_CONF" "$GW_PORT" "$WORK/gateway-checks.log"
fi

TOKEN=$(new_token "$GW_CONF")
FILE_URL="$GW_URL/dav/personal-files/bench-flood.txt"
head -c 1024 /dev/zero | tr '\0' 'x' >"$WORK/file-1k.txt"
curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/file-1k.txt" "$FILE_URL" ||
    die "could not put the 1 KiB file through the gateway"
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "$FILE_URL" || die "the token cannot read the file"
BASIC="Basic $(printf '%s' 'alice:alice-demo' | base64)"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $BASIC" "$GW_URL/patgate/tokens")" = 200 ] ||
    die "alice's password is not accepted on /patgate/tokens (config/users.yaml changed?)"

# token_run OUT: wrk with the token for DURATION seconds, latency percentiles kept in OUT
token_run() {
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$FILE_URL" >"$1"
}
# pct OUT P: the P% latency of a wrk --latency output, in ms
pct() {
    awk -v p="$2%" '$1 == p {
        v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
        printf "%.3f\n", v; exit }' "$1"
}
non2xx() { awk '/Non-2xx or 3xx responses/ {print $NF; found=1} END {if (!found) print 0}' "$1"; }
total() { awk '/requests in/ {print $1; exit}' "$1"; }
median() { sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

say "warm-up: ${DURATION}s of token requests and ${DURATION}s of password requests"
token_run "$WORK/warmup.txt"
wrk -t1 -c4 -d"${DURATION}s" -H "Authorization: $BASIC" "$GW_URL/patgate/tokens" >"$WORK/warmup-flood.txt"

: >"$WORK/alone.tsv"
: >"$WORK/flooded.tsv"
: >"$WORK/flood.tsv"
for ((r = 1; r <= ROUNDS; r++)); do
    say "round $r of $ROUNDS: alone"
    token_run "$WORK/alone-$r.txt"
    [ "$(non2xx "$WORK/alone-$r.txt")" = 0 ] || die "a token request failed (round $r, alone): $WORK/alone-$r.txt"
    printf '%s\t%s\n' "$(pct "$WORK/alone-$r.txt" 50)" "$(pct "$WORK/alone-$r.txt" 99)" >>"$WORK/alone.tsv"

    say "round $r of $ROUNDS: during a password flood ($FLOOD_CONNECTIONS connections)"
    wrk -t2 -c"$FLOOD_CONNECTIONS" -d"$((DURATION + 4))s" -H "Authorization: $BASIC" \
        "$GW_URL/patgate/tokens" >"$WORK/flood-$r.txt" &
    FLOOD_PID=$!
    sleep 2
    token_run "$WORK/flooded-$r.txt"
    wait "$FLOOD_PID"
    [ "$(non2xx "$WORK/flooded-$r.txt")" = 0 ] || die "a token request failed (round $r, flooded): $WORK/flooded-$r.txt"
    printf '%s\t%s\n' "$(pct "$WORK/flooded-$r.txt" 50)" "$(pct "$WORK/flooded-$r.txt" 99)" >>"$WORK/flooded.tsv"
    printf '%s\t%s\n' "$(total "$WORK/flood-$r.txt")" "$(non2xx "$WORK/flood-$r.txt")" >>"$WORK/flood.tsv"
done

A50=$(cut -f1 "$WORK/alone.tsv" | median)
A99=$(cut -f2 "$WORK/alone.tsv" | median)
F50=$(cut -f1 "$WORK/flooded.tsv" | median)
F99=$(cut -f2 "$WORK/flooded.tsv" | median)
FLOOD_TOTAL=$(cut -f1 "$WORK/flood.tsv" | median)
FLOOD_BUSY=$(cut -f2 "$WORK/flood.tsv" | median)
CHECKS=${PASSWORD_CHECKS:-2}
echo
echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "password_checks: $CHECKS; token wrk: 2 threads, $CONNECTIONS connections; flood wrk: 2 threads, $FLOOD_CONNECTIONS connections; $ROUNDS rounds of ${DURATION}s"
echo
echo "| token requests | p50 (ms) | p99 (ms) |"
echo "|---|---:|---:|"
echo "| alone | $A50 | $A99 |"
echo "| during the password flood | $F50 | $F99 |"
echo "| ratio flooded ÷ alone | $(python3 -c "print(f'{$F50 / $A50:.2f}')") | $(python3 -c "print(f'{$F99 / $A99:.2f}')") |"
echo
echo "flood, per round (median): $FLOOD_TOTAL password requests in $((DURATION + 4)) s, of which $FLOOD_BUSY answered 503 (every check slot busy)"
