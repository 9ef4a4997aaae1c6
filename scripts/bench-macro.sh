#!/usr/bin/env bash
# Macro benchmark (docs/benchmarks.md, "Macro benchmark"): wrk on loopback against seven targets
# in one run, all doing the same GET of a 1 KiB file in alice's personal-files:
#   direct        webdav-demo itself, with an identity header minted here before each run (60 s, one request)
#   plain         the gateway's Jetty proxy without the token filter (dev.patgate.bench.PlainProxy)
#   bearer        the gateway, Authorization: Bearer
#   basic         the gateway, login + token as basic auth
#   scoped        the gateway, Bearer, a token scoped node:<folder>:rw to the file's folder
#   nginx-bcrypt  nginx auth_basic (htpasswd bcrypt cost 5) proxying to webdav-demo
#   nginx-sha     the same with a {SHA} htpasswd
# A warm-up round (WARMUP seconds of traffic per server: the three gateway modes share the gateway's
# and the two nginx ones nginx's), then ROUNDS rounds of DURATION seconds per target that interleave
# the targets (order rotated each round); the median per target is reported. Then (unless
# --only wrk) a 1 GiB streamed PUT, directly, through a gateway running with -Xmx128m, the plain
# proxy and nginx: PUT_ROUNDS rounds, the order rotated each round, the disk synced (untimed)
# before each upload so that one upload's write-back does not slow the next. Then the same rounds
# of a 1 GiB GET of the uploaded file (no target; for comparison). Prints markdown tables (with the machine facts) at the end and exits 1
# when a target is missed or a response was not 2xx.
#
# Usage: scripts/bench-macro.sh [--rounds N (5)] [--duration SECONDS (5)] [--warmup SECONDS (30)]
#                               [--connections N (16)] [--put-rounds N (7)] [--only wrk|bigput]
# Environment: KEEP_WORK=1 keeps the work directory (logs, configs); BENCH_PORT_BASE (default 19080).
# Needs java 17, maven, python3, curl; installs wrk, nginx, apache2-utils with apt-get when missing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=5
PUT_ROUNDS=7
DURATION=5
WARMUP=30
CONNECTIONS=16
ONLY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS=$2; shift 2 ;;
        --put-rounds) PUT_ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
case "$ONLY" in ""|wrk|bigput) ;; *) die "--only takes wrk or bigput" ;; esac
for n in "$ROUNDS" "$PUT_ROUNDS" "$DURATION" "$WARMUP" "$CONNECTIONS"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--rounds, --put-rounds, --duration, --warmup and --connections take positive whole numbers"
done
# A minted identity lives 60 s at most (docs/upstream-identity.md) and is minted right before each wrk run.
[ "$DURATION" -le 50 ] && [ "$WARMUP" -le 50 ] || die "--duration and --warmup take at most 50 (seconds): a minted identity lives 60 s"

HELPER="$LIB_REPO/scripts/bench/macro.py"
FILE_PATH=/dav/personal-files/bench/file-1k.txt   # the request every target serves
PUT_PATH=/dav/personal-files/bench/big.bin
PUT_BYTES=1073741824
PORT_BASE=${BENCH_PORT_BASE:-19080}

lib_init
need wrk wrk
need nginx nginx
need htpasswd apache2-utils
install_needed
for c in java mvn python3 curl; do command -v "$c" >/dev/null || die "$c is needed"; done

# --- jars: the gateway and webdav-demo (lib_jars), and benchmarks.jar for PlainProxy -------------
lib_jars
BENCH_JAR="$LIB_REPO/benchmarks/target/benchmarks.jar"
if lib_stale "$BENCH_JAR" filter gateway benchmarks; then
    say "building benchmarks.jar (mvn -B -q -DskipTests -pl benchmarks -am install)"
    (cd "$LIB_REPO" && timeout 900 mvn -B -q -Dstyle.color=never -DskipTests -pl benchmarks -am install) >"$WORK/build-bench.log" 2>&1 ||
        { lib_show_tail "$WORK/build-bench.log" 20; die "building benchmarks.jar failed"; }
fi
cp "$BENCH_JAR" "$WORK/jars/benchmarks.jar"
BENCH_JAR="$WORK/jars/benchmarks.jar"

# --- a private PATGATE_HOME: config/ copied, port and upstream changed (every token here is valid, ---
# --- and a valid token is never refused by the failure limiter, so the limits stay as shipped) -----
free_port "$PORT_BASE"; DEMO_PORT=$FREE_PORT
free_port "$PORT_BASE"; GW_PORT=$FREE_PORT
free_port "$PORT_BASE"; PLAIN_PORT=$FREE_PORT
free_port "$PORT_BASE"; NGINX_BCRYPT_PORT=$FREE_PORT
free_port "$PORT_BASE"; NGINX_SHA_PORT=$FREE_PORT
free_port "$PORT_BASE"; GW_SMALL_PORT=$FREE_PORT
HOME_DIR="$WORK/home"
mkdir -p "$HOME_DIR/config"
cp "$LIB_REPO"/config/* "$HOME_DIR/config/"
CONF="$HOME_DIR/config/gateway.yaml"
sed -i -E \
    -e "s|^(  port:) [0-9]+|\1 $GW_PORT|" \
    -e "s|^(  url:) http://[^ ]+|\1 http://127.0.0.1:$DEMO_PORT|" "$CONF"
if ! grep -q "^  port: $GW_PORT " "$CONF" || ! grep -q "^  url: http://127.0.0.1:$DEMO_PORT " "$CONF"; then
    die "could not set listen.port and upstream.url in $CONF"
fi
export PATGATE_HOME="$HOME_DIR"
bench_gw() { timeout 120 java -jar "$GW_JAR" -c "$CONF" "$@"; }
bench_gw keys init >/dev/null
KEY="$HOME_DIR/var/identity.key"

# --- servers ---------------------------------------------------------------------------------------
start_bg "$WORK/webdav-demo.log" java -Xmx256m -jar "$DEMO_JAR" --host 127.0.0.1 --port "$DEMO_PORT" \
    --data "$HOME_DIR/var/demo-files" --identity-key "$KEY"
DEMO_PID=$BG_PID
wait_port 127.0.0.1 "$DEMO_PORT" "$DEMO_PID" "$WORK/webdav-demo.log"

# Audit log at its default (info, one line per request on stderr), redirected to a file in WORK.
start_gateway_jvm() { # start_gateway_jvm PORT HEAP LOG: a gateway on PORT with that -Xmx; sets GW_PID
    local port=$1 heap=$2 log=$3 conf="$HOME_DIR/config/gateway-$1.yaml" i
    sed -E "s|^(  port:) [0-9]+|\1 $port|" "$CONF" >"$conf"
    start_bg "$log" java "-Xmx$heap" -jar "$GW_JAR" -c "$conf" serve --allow-demo-users
    GW_PID=$BG_PID
    wait_port 127.0.0.1 "$port" "$GW_PID" "$log"
    for ((i = 0; i < 50; i++)); do
        curl -m 30 -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
        sleep 0.2
    done
    die "the gateway on $port does not answer /healthz ($log)"
}

# cpu_ticks PGID: user + system CPU of the live processes of a process group, in clock ticks.
cpu_ticks() {
    local pid sum=0 fields
    for pid in $(pgrep -g "$1" 2>/dev/null); do
        fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        # shellcheck disable=SC2086 # fields after the command name, split on purpose
        set -- $fields
        sum=$((sum + ${12} + ${13}))
    done
    echo "$sum"
}
TICKS=$(getconf CLK_TCK)

# identity METHOD PATH: an X-Patgate-Identity value for alice, for that one request and 60 s
# (docs/upstream-identity.md: the assertion is bound to the method and the raw target, and capped).
identity() { python3 "$HELPER" mint "$KEY" "$1" "$2"; }
# minted TARGET METHOD PATH: the header that carries a fresh identity for a target that reaches
# webdav-demo without the gateway: direct sends X-Patgate-Identity itself, nginx is sent
# X-Bench-Identity and passes it on as X-Patgate-Identity; nothing for the gateway targets.
minted() {
    case "$1" in
        direct) echo "X-Patgate-Identity: $(identity "$2" "$3")" ;;
        nginx*) echo "X-Bench-Identity: $(identity "$2" "$3")" ;;
        *) echo "" ;;
    esac
}
DIRECT="http://127.0.0.1:$DEMO_PORT"
curl -m 30 -fsS -o /dev/null -X MKCOL -H "$(minted direct MKCOL /dav/personal-files/bench/)" "$DIRECT/dav/personal-files/bench/" ||
    curl -m 30 -fsS -o /dev/null -X PROPFIND -H 'Depth: 0' -H "$(minted direct PROPFIND /dav/personal-files/bench/)" \
        "$DIRECT/dav/personal-files/bench/" ||
    die "cannot create /dav/personal-files/bench/ on webdav-demo"
head -c 1024 /dev/urandom >"$WORK/file-1k.txt"
curl -m 30 -fsS -o /dev/null -T "$WORK/file-1k.txt" -H "$(minted direct PUT "$FILE_PATH")" "$DIRECT$FILE_PATH" ||
    die "cannot PUT $FILE_PATH on webdav-demo"

# The token (the CLI writes to the store directly); nginx's htpasswd files hold it too.
BEARER=$(bench_gw admin user token -u alice -e 2h -l bench-bearer -q)
BASIC=$(python3 "$HELPER" basic alice "$BEARER")

start_bg "$WORK/plain-proxy.log" java -Xmx256m -cp "$BENCH_JAR" dev.patgate.bench.PlainProxy "$CONF" "$PLAIN_PORT"
PLAIN_PID=$BG_PID
wait_port 127.0.0.1 "$PLAIN_PORT" "$PLAIN_PID" "$WORK/plain-proxy.log"

# nginx: two workers (one per core, nproc is 2 here), keepalive to the upstream, access log on (one
# line per request to a file, like the gateway's audit line), request bodies streamed, not buffered.
NG="$WORK/nginx"
mkdir -p "$NG/tmp" "$NG/logs"
htpasswd -nbB -C 5 alice "$BEARER" >"$NG/htpasswd-bcrypt" 2>/dev/null
htpasswd -nbs alice "$BEARER" >"$NG/htpasswd-sha" 2>/dev/null
{
    echo "worker_processes 2;"
    echo "daemon off;"
    echo "pid $NG/nginx.pid;"
    echo "error_log $NG/logs/error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log $NG/logs/access.log;"
    echo "  client_body_temp_path $NG/tmp/body; proxy_temp_path $NG/tmp/proxy;"
    echo "  fastcgi_temp_path $NG/tmp/fastcgi; uwsgi_temp_path $NG/tmp/uwsgi; scgi_temp_path $NG/tmp/scgi;"
    echo "  upstream webdav_demo { server 127.0.0.1:$DEMO_PORT; keepalive 32; }"
    for site in "$NGINX_BCRYPT_PORT bcrypt" "$NGINX_SHA_PORT sha"; do
        read -r port file <<<"$site"
        echo "  server {"
        echo "    listen 127.0.0.1:$port;"
        echo "    client_max_body_size 0;"
        echo "    location / {"
        echo "      auth_basic \"bench\";"
        echo "      auth_basic_user_file $NG/htpasswd-$file;"
        echo "      proxy_pass http://webdav_demo;"
        echo "      proxy_http_version 1.1;"
        echo "      proxy_request_buffering off;"
        echo "      proxy_set_header Connection \"\";"
        echo "      proxy_set_header Host \$host:\$server_port;"
        echo "      proxy_set_header Authorization \"\";"
        echo "      proxy_set_header X-Patgate-Identity \$http_x_bench_identity;"
        echo "      proxy_set_header X-Bench-Identity \"\";"
        echo "    }"
        echo "  }"
    done
    echo "}"
} >"$NG/nginx.conf"
start_bg "$WORK/nginx.log" nginx -p "$NG" -e "$NG/logs/error.log" -c "$NG/nginx.conf"
NGINX_PID=$BG_PID
wait_port 127.0.0.1 "$NGINX_SHA_PORT" "$NGINX_PID" "$WORK/nginx.log"

WRK_TSV="$WORK/wrk.tsv"
PUT_TSV="$WORK/put.tsv"
GET_TSV="$WORK/get.tsv"
: >"$WRK_TSV"
: >"$PUT_TSV"
: >"$GET_TSV"

# --- the wrk part ----------------------------------------------------------------------------------
run_wrk_part() {
    start_gateway_jvm "$GW_PORT" 256m "$WORK/gateway.log"
    local gw_url="http://127.0.0.1:$GW_PORT" uuid scoped
    uuid=$(curl -m 30 -fsS -H "Authorization: Bearer $BEARER" "$gw_url/a/tree/stat/personal-files/bench" |
        python3 "$HELPER" uuid) || die "cannot stat personal-files/bench through the gateway"
    scoped=$(bench_gw admin user token -u alice -e 2h -l bench-scoped -s "node:$uuid:rw" -q)

    # Every target gets the same GET; the plain proxy is sent the Bearer header too (and drops it).
    local targets=(direct plain bearer basic scoped nginx-bcrypt nginx-sha)
    local -A url header
    # direct's identity goes in the extra header minted before each run (see minted); Accept is a filler
    url[direct]="$DIRECT$FILE_PATH";                       header[direct]="Accept: */*"
    url[plain]="http://127.0.0.1:$PLAIN_PORT$FILE_PATH";   header[plain]="Authorization: Bearer $BEARER"
    url[bearer]="$gw_url$FILE_PATH";                       header[bearer]="Authorization: Bearer $BEARER"
    url[basic]="$gw_url$FILE_PATH";                        header[basic]="Authorization: $BASIC"
    url[scoped]="$gw_url$FILE_PATH";                       header[scoped]="Authorization: Bearer $scoped"
    url[nginx-bcrypt]="http://127.0.0.1:$NGINX_BCRYPT_PORT$FILE_PATH"; header[nginx-bcrypt]="Authorization: $BASIC"
    url[nginx-sha]="http://127.0.0.1:$NGINX_SHA_PORT$FILE_PATH";       header[nginx-sha]="Authorization: $BASIC"

    local t got extra
    for t in "${targets[@]}"; do
        extra=$(minted "$t" GET "$FILE_PATH")
        got=$(curl -m 30 -sS -o "$WORK/check.body" -w '%{http_code}' -H "${header[$t]}" ${extra:+-H "$extra"} "${url[$t]}") ||
            got=000
        if [ "$got" != 200 ] || ! cmp -s "$WORK/check.body" "$WORK/file-1k.txt"; then
            die "$t: GET ${url[$t]} answered $got, not the 1 KiB file"
        fi
    done
    # Without credentials every protected target refuses (the benchmark measures the checks).
    for t in bearer nginx-bcrypt nginx-sha; do
        got=$(curl -m 30 -sS -o /dev/null -w '%{http_code}' "${url[$t]}") || got=000
        [ "$got" = 401 ] || die "$t: a GET without credentials answered $got, not 401"
    done
    say "all 7 targets serve the file; warm-up (${WARMUP}s per server), then $ROUNDS rounds of ${DURATION}s × 7, -c$CONNECTIONS"
    echo "round   target        req/s p50_ms p99_ms non2xx errors front_cpu_us/req backend_cpu_us/req"

    # Each server gets about the same warm-up: the gateway's is shared by three targets, nginx's by two.
    local third=$(((WARMUP + 2) / 3)) half=$(((WARMUP + 1) / 2))
    local -A warm=([direct]=$WARMUP [plain]=$WARMUP [bearer]=$third [basic]=$third [scoped]=$third
        [nginx-bcrypt]=$half [nginx-sha]=$half)
    # The process (group) that serves each target, for its CPU time per request.
    local -A front=([direct]=$DEMO_PID [plain]=$PLAIN_PID [bearer]=$GW_PID [basic]=$GW_PID [scoped]=$GW_PID
        [nginx-bcrypt]=$NGINX_PID [nginx-sha]=$NGINX_PID)
    local round i n=${#targets[@]} out line secs f0 b0
    for round in warmup $(seq 1 "$ROUNDS"); do
        for ((i = 0; i < n; i++)); do
            if [ "$round" = warmup ]; then
                t=${targets[$i]}; secs=${warm[$t]}
            else
                t=${targets[$(((i + round - 1) % n))]}; secs=$DURATION
            fi
            out="$WORK/wrk-$round-$t.txt"
            f0=$(cpu_ticks "${front[$t]}")
            b0=$(cpu_ticks "$DEMO_PID")
            extra=$(minted "$t" GET "$FILE_PATH")
            timeout $((secs + 30)) wrk -t1 "-c$CONNECTIONS" "-d${secs}s" --timeout 10s --latency \
                -H "${header[$t]}" ${extra:+-H "$extra"} "${url[$t]}" >"$out" 2>&1 || { cat "$out"; die "wrk failed on $t"; }
            line=$(python3 "$HELPER" wrk "$out" $(($(cpu_ticks "${front[$t]}") - f0)) \
                $(($(cpu_ticks "$DEMO_PID") - b0)) "$TICKS")
            printf '%-7s %-13s %s\n' "$round" "$t" "$line"
            [ "$round" = warmup ] || echo "$round $t $line" >>"$WRK_TSV"
        done
    done
    AUDIT_LINES=$(grep -c 'outcome=accepted' "$WORK/gateway.log" || true)
    stop_bg "$GW_PID"
}

# --- the 1 GiB PUT part ----------------------------------------------------------------------------
# put TARGET BYTES: one streamed PUT; prints "http_code seconds bytes_sent proxy_cpu_s backend_cpu_s".
# A plain body with Content-Length, as WebDAV clients send (curl -T - alone would chunk it).
put() {
    transfer PUT "$@"
}

# transfer PUT|GET TARGET BYTES: as put, or a GET of the uploaded file to /dev/null (BYTES unused;
# prints the bytes received instead of sent).
transfer() {
    local method=$1 target=$2 bytes=$3 url auth extra="" pgid="" p0=0 b0 got
    case "$target" in
        direct)  url="$DIRECT$PUT_PATH";                           auth=$(minted direct "$method" "$PUT_PATH") ;;
        plain)   url="http://127.0.0.1:$PLAIN_PORT$PUT_PATH";      auth="Authorization: Bearer $BEARER"; pgid=$PLAIN_PID ;;
        gateway) url="http://127.0.0.1:$GW_SMALL_PORT$PUT_PATH";   auth="Authorization: Bearer $BEARER"; pgid=$GW_PID ;;
        nginx)   url="http://127.0.0.1:$NGINX_SHA_PORT$PUT_PATH";  auth="Authorization: $BASIC"; pgid=$NGINX_PID
                 extra=$(minted nginx "$method" "$PUT_PATH") ;;
    esac
    sync # untimed: the previous upload's write-back must not land on this one
    [ -z "$pgid" ] || p0=$(cpu_ticks "$pgid")
    b0=$(cpu_ticks "$DEMO_PID")
    if [ "$method" = PUT ]; then
        got=$(head -c "$bytes" /dev/zero | timeout 600 curl -sS -o /dev/null -T - -H "$auth" ${extra:+-H "$extra"} \
            -H "Content-Length: $bytes" -H 'Transfer-Encoding:' -w '%{http_code} %{time_total} %{size_upload}' "$url") ||
            got="000 0 0"
    else
        got=$(timeout 600 curl -sS -o /dev/null -H "$auth" ${extra:+-H "$extra"} -w '%{http_code} %{time_total} %{size_download}' "$url") ||
            got="000 0 0"
    fi
    local proxy_cpu=0
    [ -z "$pgid" ] || proxy_cpu=$(($(cpu_ticks "$pgid") - p0))
    echo "$got $(awk -v p="$proxy_cpu" -v b="$(($(cpu_ticks "$DEMO_PID") - b0))" -v t="$TICKS" \
        'BEGIN {printf "%.2f %.2f", p / t, b / t}')"
}

run_bigput_part() {
    start_gateway_jvm "$GW_SMALL_PORT" 128m "$WORK/gateway-128m.log"
    local targets=(direct gateway plain nginx) round target code secs sent proxy_cpu backend_cpu i
    say "1 GiB PUT: a warm-up upload of 1 GiB each, then $PUT_ROUNDS rounds of direct, gateway (-Xmx128m), plain proxy, nginx"
    for target in "${targets[@]}"; do
        read -r code _ <<<"$(put "$target" "$PUT_BYTES")"
        [ "$code" = 201 ] || [ "$code" = 204 ] || die "$target: the warm-up PUT answered $code"
    done
    for round in $(seq 1 "$PUT_ROUNDS"); do
        for i in 0 1 2 3; do
            target=${targets[$(((i + round - 1) % 4))]}
            read -r code secs sent proxy_cpu backend_cpu <<<"$(put "$target" "$PUT_BYTES")"
            printf '%-7s %-8s HTTP %s %6ss  %s bytes  CPU s: proxy %s, backend %s\n' \
                "$round" "$target" "$code" "$secs" "$sent" "$proxy_cpu" "$backend_cpu"
            [ "$sent" = "$PUT_BYTES" ] || code="short-$code"
            echo "$round $target $secs $code $proxy_cpu $backend_cpu" >>"$PUT_TSV"
        done
    done
    say "1 GiB GET of the uploaded file: $PUT_ROUNDS rounds of the same four, to /dev/null"
    for round in $(seq 1 "$PUT_ROUNDS"); do
        for i in 0 1 2 3; do
            target=${targets[$(((i + round - 1) % 4))]}
            read -r code secs sent proxy_cpu backend_cpu <<<"$(transfer GET "$target" 0)"
            printf '%-7s %-8s GET HTTP %s %6ss  %s bytes  CPU s: proxy %s, backend %s\n' \
                "$round" "$target" "$code" "$secs" "$sent" "$proxy_cpu" "$backend_cpu"
            [ "$sent" = "$PUT_BYTES" ] || code="short-$code"
            echo "$round $target $secs $code $proxy_cpu $backend_cpu" >>"$GET_TSV"
        done
    done
    local stored
    stored=$(curl -m 30 -sS -I -H "$(minted direct HEAD "$PUT_PATH")" "$DIRECT$PUT_PATH" |
        tr -d '\r' | awk 'NR == 1 {c = $2} tolower($1) == "content-length:" {l = $2} END {print c, l}') || true
    say "the stored file: HEAD answers $stored (status, Content-Length)"
    GW_PEAK_RSS=$(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$GW_PID/status" 2>/dev/null || echo "?")
    stop_bg "$GW_PID"
    curl -m 30 -sS -o /dev/null -X DELETE -H "$(minted direct DELETE "$PUT_PATH")" "$DIRECT$PUT_PATH" || true
}

AUDIT_LINES="?"
GW_PEAK_RSS="?"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$ONLY" = bigput ] || run_wrk_part
[ "$ONLY" = wrk ] || run_bigput_part
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "### Results ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), Linux $(uname -r), $(awk '/MemTotal/{printf "%d GiB", $2/1048576}' /proc/meminfo) RAM"
echo "- $(java -version 2>&1 | sed -n 2p); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(nginx -v 2>&1 | sed 's/.*: //')"
echo "- load average (1, 5, 15 min): before $LOAD_BEFORE, after $LOAD_AFTER"
if [ "$ONLY" != bigput ]; then
    echo "- wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency, GET $FILE_PATH (1 KiB); warm-up ${WARMUP}s per server, then median of $ROUNDS interleaved rounds"
    echo "- gateway, plain proxy and webdav-demo -Xmx256m; gateway audit log at its default (info), stderr to a file: $AUDIT_LINES accepted lines; nginx 2 workers, access log to a file"
fi
[ "$ONLY" = wrk ] || echo "- 1 GiB PUT: gateway -Xmx128m (peak RSS $GW_PEAK_RSS), plain proxy and webdav-demo -Xmx256m; CPU s = user + system of the process (group) during the PUT"
echo
python3 "$HELPER" report "$WRK_TSV" "$PUT_TSV" "$GET_TSV"
