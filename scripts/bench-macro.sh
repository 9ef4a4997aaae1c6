#!/usr/bin/env bash
# Macro benchmark (docs/benchmarks.md, "Macro benchmark", issue 13): wrk on loopback, every front in
# one run, all doing the same GET of a 1 KiB file. Two backends, each with its own fronts:
#
# Apache mod_dav, no auth (a private Apache on its own port; GET /dav/bench/file-1k.txt), wrk -t2 -c32:
#   a-direct        Apache itself
#   a-nginx         nginx, no auth            a-nginx-sha     nginx auth_basic, {SHA} htpasswd
#   a-nginx-bcrypt  nginx auth_basic, bcrypt cost 5
#   a-caddy         Caddy, no auth            a-caddy-basic   Caddy basicauth (bcrypt, hash cache on)
#   a-plain         the gateway's Jetty proxy without the token filter (dev.patgate.bench.PlainProxy)
#   a-bearer        the gateway, Bearer       a-basic         the gateway, login + token as basic auth
#   a-scoped        the gateway, Bearer, a token scoped node:<uuid>:rw to the file's folder (Apache
#                   answers the node lookup from a static file: scopes.resolve_path /n/node/{uuid})
# webdav-demo (GET /dav/personal-files/bench/file-1k.txt), wrk -t1 -c16, as in the earlier runs:
#   direct (an identity minted here before each run), plain, bearer, basic, scoped, nginx-bcrypt, nginx-sha
#
# Each part: a warm-up (WARMUP seconds of traffic per Java server, shared by its targets, 5 s per
# native one; then, per Java server, more runs of DURATION seconds while its CPU per request still
# falls by over 10 % from run to run, at most 6), then ROUNDS rounds of DURATION seconds in which
# the targets take turns (order rotated each round). Per target: median req/s, p50, p99, and the front's CPU µs per request (user + system
# of its processes, from /proc). Then (webdav-demo backend) a 1 GiB streamed PUT, directly, through a
# gateway with -Xmx128m, the plain proxy and nginx, PUT_ROUNDS rounds, and the same rounds of a 1 GiB
# GET. At the end, markdown tables with the machine facts and one verdict line per goal of issue 13,
# each judged on the median of the per-round ratios. Exits 1 when a goal is missed or a response
# was not 2xx (--no-goals: report only; non-2xx still fails).
#
# Usage: scripts/bench-macro.sh [--quick] [--backend apache|demo|both (both)] [--java PATH]
#          [--no-goals] [--only wrk|bigput] [--rounds N (5)] [--duration S (5)] [--warmup S (30)]
#          [--threads N (2)] [--connections N (32)] [--demo-connections N (16)] [--put-rounds N (7)]
#   --quick      about 2 minutes (3 to 4 on a loaded machine): Apache backend only, gateway Bearer vs
#                PlainProxy vs nginx {SHA}, 15 s warm-up, 3 rounds, no 1 GiB part; still prints the
#                ratios and verdicts
#   --java PATH  the java that runs the Java fronts and webdav-demo (also env JAVA); the build and
#                the CLI stay on the java in PATH (the project builds on JDK 17)
# Environment: KEEP_WORK=1 keeps the work directory (logs, configs); BENCH_PORT_BASE (default 19080).
# Needs java 17, maven, python3, curl; installs wrk, nginx, apache2, apache2-utils, caddy with apt-get
# when missing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=5
PUT_ROUNDS=7
DURATION=5
WARMUP=30
THREADS=2
CONNECTIONS=32
DEMO_CONNECTIONS=16
ONLY=""
BACKEND=both
QUICK=no
GOALS=yes
JAVA=${JAVA:-java}
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS=$2; shift 2 ;;
        --put-rounds) PUT_ROUNDS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --demo-connections) DEMO_CONNECTIONS=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        --backend) BACKEND=$2; shift 2 ;;
        --java) JAVA=$2; shift 2 ;;
        --quick) QUICK=yes; shift ;;
        --no-goals) GOALS=no; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
if [ "$QUICK" = yes ]; then
    BACKEND=apache; ONLY=wrk; ROUNDS=3; WARMUP=15
fi
case "$ONLY" in ""|wrk|bigput) ;; *) die "--only takes wrk or bigput" ;; esac
case "$BACKEND" in apache|demo|both) ;; *) die "--backend takes apache, demo or both" ;; esac
[ "$BACKEND:$ONLY" != apache:bigput ] || die "the 1 GiB part runs against webdav-demo: --only bigput needs --backend demo or both"
for n in "$ROUNDS" "$PUT_ROUNDS" "$DURATION" "$WARMUP" "$THREADS" "$CONNECTIONS" "$DEMO_CONNECTIONS"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--rounds, --put-rounds, --duration, --warmup, --threads and the connections take positive whole numbers"
done
# A minted identity lives 60 s at most (docs/upstream-identity.md) and is minted right before each wrk run.
[ "$DURATION" -le 50 ] && [ "$WARMUP" -le 50 ] || die "--duration and --warmup take at most 50 (seconds): a minted identity lives 60 s"
"$JAVA" -version >/dev/null 2>&1 || die "--java $JAVA does not run"
JAVA_VERSION=$("$JAVA" -version 2>&1 | sed -n 2p)

HELPER="$LIB_REPO/scripts/bench/macro.py"
FILE_PATH=/dav/personal-files/bench/file-1k.txt   # the request every webdav-demo target serves
A_FILE_PATH=/dav/bench/file-1k.txt                # the request every Apache target serves
PUT_PATH=/dav/personal-files/bench/big.bin
PUT_BYTES=1073741824
PORT_BASE=${BENCH_PORT_BASE:-19080}
DO_APACHE=no; DO_DEMO=no; DO_BIGPUT=no
[ "$BACKEND" = demo ] || [ "$ONLY" = bigput ] || DO_APACHE=yes
[ "$BACKEND" = apache ] || [ "$ONLY" = bigput ] || DO_DEMO=yes
[ "$BACKEND" = apache ] || [ "$ONLY" = wrk ] || DO_BIGPUT=yes

lib_init
need wrk wrk
need nginx nginx
need htpasswd apache2-utils
need apache2 apache2
need caddy caddy
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
say "Java fronts run on $JAVA ($JAVA_VERSION); the CLI on $(java -version 2>&1 | sed -n 2p)"

# --- shared helpers --------------------------------------------------------------------------------
# start_gateway_jvm CONF PORT HEAP LOG: a gateway with CONF's PATGATE_HOME, listening on PORT
# (replacing listen.port), with that -Xmx; sets GW_PID. Audit log at its default (info, one line
# per request on stderr), redirected to LOG.
start_gateway_jvm() {
    local conf=$1 port=$2 heap=$3 log=$4 home i
    home=$(dirname "$(dirname "$conf")")
    local run_conf="$home/config/gateway-$port.yaml"
    sed -E "s|^(  port:) [0-9]+|\1 $port|" "$conf" >"$run_conf"
    start_bg "$log" env PATGATE_HOME="$home" "$JAVA" "-Xmx$heap" -jar "$GW_JAR" -c "$run_conf" serve --allow-demo-users
    GW_PID=$BG_PID
    wait_port 127.0.0.1 "$port" "$GW_PID" "$log"
    for ((i = 0; i < 50; i++)); do
        curl -m 30 -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
        sleep 0.2
    done
    die "the gateway on $port does not answer /healthz ($log)"
}

# start_plain CONF PORT LOG: the plain proxy (no token filter) with CONF's routes and upstream; sets PLAIN_PID.
start_plain() {
    local conf=$1 port=$2 log=$3
    start_bg "$log" env PATGATE_HOME="$(dirname "$(dirname "$conf")")" "$JAVA" -Xmx256m -cp "$BENCH_JAR" \
        dev.patgate.bench.PlainProxy "$conf" "$port"
    PLAIN_PID=$BG_PID
    wait_port 127.0.0.1 "$port" "$PLAIN_PID" "$log"
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

# write_nginx DIR UPSTREAM_PORT MINT SITE...: an nginx configuration in DIR/nginx.conf; each SITE is
# "PORT none|sha|bcrypt". Two workers (one per core, nproc is 2 here), keepalive to the upstream,
# access log on (one line per request to a file, like the gateway's audit line), request bodies
# streamed, not buffered. Authorization is never passed on. MINT=yes: X-Bench-Identity from the
# client goes on as X-Patgate-Identity (webdav-demo).
write_nginx() {
    local dir=$1 up=$2 mint=$3 site port auth; shift 3
    mkdir -p "$dir/tmp" "$dir/logs"
    {
        echo "worker_processes 2;"
        echo "daemon off;"
        echo "pid $dir/nginx.pid;"
        echo "error_log $dir/logs/error.log warn;"
        echo "events { worker_connections 1024; }"
        echo "http {"
        echo "  access_log $dir/logs/access.log;"
        echo "  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy;"
        echo "  fastcgi_temp_path $dir/tmp/fastcgi; uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi;"
        echo "  upstream backend { server 127.0.0.1:$up; keepalive 32; }"
        for site in "$@"; do
            read -r port auth <<<"$site"
            echo "  server {"
            echo "    listen 127.0.0.1:$port;"
            echo "    client_max_body_size 0;"
            echo "    location / {"
            if [ "$auth" != none ]; then
                echo "      auth_basic \"bench\";"
                echo "      auth_basic_user_file $dir/htpasswd-$auth;"
            fi
            echo "      proxy_pass http://backend;"
            echo "      proxy_http_version 1.1;"
            echo "      proxy_request_buffering off;"
            echo "      proxy_set_header Connection \"\";"
            echo "      proxy_set_header Host \$host:\$server_port;"
            echo "      proxy_set_header Authorization \"\";"
            if [ "$mint" = yes ]; then
                echo "      proxy_set_header X-Patgate-Identity \$http_x_bench_identity;"
                echo "      proxy_set_header X-Bench-Identity \"\";"
            fi
            echo "    }"
            echo "  }"
        done
        echo "}"
    } >"$dir/nginx.conf"
}
# start_nginx DIR PORT: sets NGINX_PID.
start_nginx() {
    start_bg "$1/nginx.out" nginx -p "$1" -e "$1/logs/error.log" -c "$1/nginx.conf"
    NGINX_PID=$BG_PID
    wait_port 127.0.0.1 "$2" "$NGINX_PID" "$1/logs/error.log"
}

# identity METHOD PATH: an X-Patgate-Identity value for alice, for that one request and 60 s
# (docs/upstream-identity.md: the assertion is bound to the method and the raw target, and capped).
identity() { python3 "$HELPER" mint "$KEY" "$1" "$2"; }
# minted TARGET METHOD PATH: the header that carries a fresh identity for a target that reaches
# webdav-demo without the gateway: direct sends X-Patgate-Identity itself, nginx is sent
# X-Bench-Identity and passes it on as X-Patgate-Identity; nothing for the other targets.
minted() {
    case "$1" in
        direct) echo "X-Patgate-Identity: $(identity "$2" "$3")" ;;
        nginx-*) echo "X-Bench-Identity: $(identity "$2" "$3")" ;;
        *) echo "" ;;
    esac
}

# The targets of the current part: URL, HEADER (one request header), FRONT (process group whose CPU
# is the front's), WARM (seconds of warm-up), BACKEND_PID (the backend's process group).
declare -A URL HEADER FRONT WARM
BACKEND_PID=""

# check_targets FILE PATH TARGET...: each answers a GET of PATH with 200 and FILE's bytes.
check_targets() {
    local file=$1 path=$2 t got extra; shift 2
    for t in "$@"; do
        extra=$(minted "$t" GET "$path")
        got=$(curl -m 30 -sS -o "$WORK/check.body" -w '%{http_code}' -H "${HEADER[$t]}" ${extra:+-H "$extra"} "${URL[$t]}") ||
            got=000
        if [ "$got" != 200 ] || ! cmp -s "$WORK/check.body" "$file"; then
            die "$t: GET ${URL[$t]} answered $got, not the 1 KiB file"
        fi
    done
}
# check_refused TARGET...: without credentials each answers 401 (the benchmark measures the checks).
check_refused() {
    local t got
    for t in "$@"; do
        got=$(curl -m 30 -sS -o /dev/null -w '%{http_code}' "${URL[$t]}") || got=000
        [ "$got" = 401 ] || die "$t: a GET without credentials answered $got, not 401"
    done
}

# wrk_once LABEL TARGET SECONDS THREADS CONNECTIONS PATH: one wrk run, printed; sets WRK_LINE to
# "req/s p50_ms p99_ms non2xx errors front_cpu_us/req backend_cpu_us/req".
WRK_LINE=""
wrk_once() {
    local label=$1 t=$2 secs=$3 threads=$4 conns=$5 path=$6 out f0 b0 extra
    out="$WORK/wrk-$label-$t.txt"
    f0=$(cpu_ticks "${FRONT[$t]}")
    b0=$(cpu_ticks "$BACKEND_PID")
    extra=$(minted "$t" GET "$path")
    timeout $((secs + 30)) wrk "-t$threads" "-c$conns" "-d${secs}s" --timeout 10s --latency \
        -H "${HEADER[$t]}" ${extra:+-H "$extra"} "${URL[$t]}" >"$out" 2>&1 || { cat "$out"; die "wrk failed on $t"; }
    WRK_LINE=$(python3 "$HELPER" wrk "$out" $(($(cpu_ticks "${FRONT[$t]}") - f0)) \
        $(($(cpu_ticks "$BACKEND_PID") - b0)) "$TICKS")
    printf '%-7s %-15s %s\n' "$label" "$t" "$WRK_LINE"
}

# settle TARGET THREADS CONNECTIONS PATH: after the warm-up of a Java server, more runs of DURATION
# seconds on TARGET (one of its targets) while its CPU per request still falls by more than 10 %
# from one run to the next, at most SETTLE_MAX runs: on a loaded machine the fixed warm-up may end
# before the JIT is done, and the first rounds would measure compilation.
SETTLE_MAX=6
settle() {
    local t=$1 prev="" cur k
    for ((k = 1; k <= SETTLE_MAX; k++)); do
        wrk_once "settle$k" "$t" "$DURATION" "$2" "$3" "$4"
        cur=$(echo "$WRK_LINE" | cut -d' ' -f6)
        if [ -n "$prev" ] && awk -v c="$cur" -v p="$prev" 'BEGIN {exit !(c >= 0.9 * p)}'; then
            return 0
        fi
        prev=$cur
    done
}

# run_rounds TSV WRK_THREADS CONNECTIONS PATH TARGET...: the warm-up (and settle for the targets in
# SETTLE), then ROUNDS rounds of all targets (order rotated each round); one line per target and
# round into TSV.
declare -A SETTLE
run_rounds() {
    local tsv=$1 threads=$2 conns=$3 path=$4; shift 4
    local targets=("$@") n=$# round i t
    echo "round   target          req/s p50_ms p99_ms non2xx errors front_cpu_us/req backend_cpu_us/req"
    for ((i = 0; i < n; i++)); do
        t=${targets[$i]}
        wrk_once warmup "$t" "${WARM[$t]}" "$threads" "$conns" "$path"
    done
    for t in "${targets[@]}"; do
        [ -z "${SETTLE[$t]:-}" ] || settle "$t" "$threads" "$conns" "$path"
    done
    for round in $(seq 1 "$ROUNDS"); do
        for ((i = 0; i < n; i++)); do
            t=${targets[$(((i + round - 1) % n))]}
            wrk_once "$round" "$t" "$DURATION" "$threads" "$conns" "$path"
            echo "$round $t $WRK_LINE" >>"$tsv"
        done
    done
}

# share_warmup SECONDS TARGET...: the targets served by one server share its warm-up.
share_warmup() {
    local secs=$1 t; shift
    for t in "$@"; do WARM[$t]=$(((secs + $# - 1) / $#)); done
}
NATIVE_WARMUP=5
[ "$WARMUP" -ge "$NATIVE_WARMUP" ] || NATIVE_WARMUP=$WARMUP

head -c 1024 /dev/urandom >"$WORK/file-1k.txt"
A_TSV="$WORK/wrk-apache.tsv"
D_TSV="$WORK/wrk-demo.tsv"
PUT_TSV="$WORK/put.tsv"
GET_TSV="$WORK/get.tsv"
: >"$A_TSV"; : >"$D_TSV"; : >"$PUT_TSV"; : >"$GET_TSV"
FACTS="$WORK/facts.txt"   # lines for the results header, written by the parts
: >"$FACTS"

# === Apache mod_dav backend ========================================================================
run_apache_part() {
    local load0 load1
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    free_port "$PORT_BASE"; local ap_port=$FREE_PORT
    free_port "$PORT_BASE"; local gw_port=$FREE_PORT
    free_port "$PORT_BASE"; local plain_port=$FREE_PORT
    free_port "$PORT_BASE"; local ng_none=$FREE_PORT
    free_port "$PORT_BASE"; local ng_sha=$FREE_PORT
    free_port "$PORT_BASE"; local ng_bcrypt=$FREE_PORT
    free_port "$PORT_BASE"; local cd_none=$FREE_PORT
    free_port "$PORT_BASE"; local cd_basic=$FREE_PORT

    # Apache: keep-alive connections are never closed by a request count, nor while a front waits
    # for its next round (the fronts pool them; with Apache's default of 5 s, Jetty's client
    # sometimes reused a connection Apache had just closed and the gateway answered 502);
    # /n/node/<uuid> answers the scoped token's node lookup from a static file.
    local ap="$WORK/apache" uuid
    uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
    mkdir -p "$ap/htdocs/dav/bench" "$ap/htdocs/n/node"
    cp "$WORK/file-1k.txt" "$ap/htdocs/dav/bench/file-1k.txt"
    echo '{"Uuid":"'"$uuid"'","Path":"bench","Type":"COLLECTION"}' >"$ap/htdocs/n/node/$uuid"
    apache_dav "$ap" "$ap_port" "MaxKeepAliveRequests 0
KeepAliveTimeout 300
<Directory $ap/htdocs/n>
    Require all granted
</Directory>"
    local apache_pid=$APACHE_PID
    BACKEND_PID=$apache_pid

    # The gateway for Apache: upstream.identity none (Apache ignores identities), routes /dav/,
    # node scopes resolved at the default scopes.resolve_path /n/node/{uuid}.
    local home="$WORK/gw-apache" conf
    gw_home "$home" "$gw_port" "http://127.0.0.1:$ap_port" none /dav/
    conf="$home/config/gateway.yaml"
    gw "$conf" keys init >/dev/null
    local bearer basic scoped
    bearer=$(gw "$conf" admin user token -u alice -e 2h -l bench-bearer -q)
    basic=$(python3 "$HELPER" basic alice "$bearer")
    start_gateway_jvm "$conf" "$gw_port" 256m "$WORK/gateway-apache.log"
    local gw_pid=$GW_PID

    local -a targets
    if [ "$QUICK" = yes ]; then
        targets=(a-plain a-bearer a-nginx-sha)
    else
        scoped=$(gw "$conf" admin user token -u alice -e 2h -l bench-scoped -s "node:$uuid:rw" -q) ||
            die "cannot create a token scoped to node $uuid in front of Apache"
        targets=(a-direct a-nginx a-nginx-sha a-nginx-bcrypt a-caddy a-caddy-basic a-plain a-bearer a-basic a-scoped)
    fi
    start_plain "$conf" "$plain_port" "$WORK/plain-apache.log"
    local plain_pid=$PLAIN_PID

    local ng="$WORK/nginx-apache"
    mkdir -p "$ng"
    htpasswd -nbB -C 5 alice "$bearer" >"$ng/htpasswd-bcrypt" 2>/dev/null
    htpasswd -nbs alice "$bearer" >"$ng/htpasswd-sha" 2>/dev/null
    write_nginx "$ng" "$ap_port" no "$ng_none none" "$ng_sha sha" "$ng_bcrypt bcrypt"
    start_nginx "$ng" "$ng_sha"
    local nginx_pid=$NGINX_PID

    local caddy_pid=""
    if [ "$QUICK" = no ]; then
        # Caddy: the Caddyfile's basicauth keeps its hash cache on (hash_cache in the adapted JSON);
        # access log to a file, like nginx's; keep-alive to Apache is reverse_proxy's default.
        local cd="$WORK/caddy" hash
        mkdir -p "$cd/data" "$cd/config"
        hash=$(caddy hash-password --plaintext "$bearer")
        cat >"$cd/Caddyfile" <<EOF
{
	admin off
	auto_https off
	storage file_system $cd/data
}
http://127.0.0.1:$cd_none {
	bind 127.0.0.1
	log {
		output file $cd/access-none.log
	}
	reverse_proxy 127.0.0.1:$ap_port
}
http://127.0.0.1:$cd_basic {
	bind 127.0.0.1
	log {
		output file $cd/access-basic.log
	}
	basicauth {
		alice $hash
	}
	reverse_proxy 127.0.0.1:$ap_port {
		header_up -Authorization
	}
}
EOF
        caddy adapt --config "$cd/Caddyfile" --adapter caddyfile 2>/dev/null | grep -q '"hash_cache"' ||
            die "Caddy's adapted configuration has no hash_cache ($cd/Caddyfile)"
        start_bg "$cd/caddy.log" env HOME="$cd" XDG_DATA_HOME="$cd/data" XDG_CONFIG_HOME="$cd/config" \
            caddy run --config "$cd/Caddyfile" --adapter caddyfile
        caddy_pid=$BG_PID
        wait_port 127.0.0.1 "$cd_basic" "$caddy_pid" "$cd/caddy.log"
        wait_port 127.0.0.1 "$cd_none" "$caddy_pid" "$cd/caddy.log"
    fi

    local gw_url="http://127.0.0.1:$gw_port"
    URL=(); HEADER=(); FRONT=(); WARM=(); SETTLE=([a-plain]=1 [a-bearer]=1)
    URL[a-direct]="http://127.0.0.1:$ap_port$A_FILE_PATH";         HEADER[a-direct]="Authorization: $basic"; FRONT[a-direct]=$apache_pid
    URL[a-nginx]="http://127.0.0.1:$ng_none$A_FILE_PATH";          HEADER[a-nginx]="Authorization: $basic"; FRONT[a-nginx]=$nginx_pid
    URL[a-nginx-sha]="http://127.0.0.1:$ng_sha$A_FILE_PATH";       HEADER[a-nginx-sha]="Authorization: $basic"; FRONT[a-nginx-sha]=$nginx_pid
    URL[a-nginx-bcrypt]="http://127.0.0.1:$ng_bcrypt$A_FILE_PATH"; HEADER[a-nginx-bcrypt]="Authorization: $basic"; FRONT[a-nginx-bcrypt]=$nginx_pid
    URL[a-caddy]="http://127.0.0.1:$cd_none$A_FILE_PATH";          HEADER[a-caddy]="Authorization: $basic"; FRONT[a-caddy]=$caddy_pid
    URL[a-caddy-basic]="http://127.0.0.1:$cd_basic$A_FILE_PATH";   HEADER[a-caddy-basic]="Authorization: $basic"; FRONT[a-caddy-basic]=$caddy_pid
    URL[a-plain]="http://127.0.0.1:$plain_port$A_FILE_PATH";       HEADER[a-plain]="Authorization: Bearer $bearer"; FRONT[a-plain]=$plain_pid
    URL[a-bearer]="$gw_url$A_FILE_PATH";                           HEADER[a-bearer]="Authorization: Bearer $bearer"; FRONT[a-bearer]=$gw_pid
    URL[a-basic]="$gw_url$A_FILE_PATH";                            HEADER[a-basic]="Authorization: $basic"; FRONT[a-basic]=$gw_pid
    URL[a-scoped]="$gw_url$A_FILE_PATH";                           HEADER[a-scoped]="Authorization: Bearer ${scoped:-}"; FRONT[a-scoped]=$gw_pid

    check_targets "$WORK/file-1k.txt" "$A_FILE_PATH" "${targets[@]}"
    local protected=(a-bearer a-nginx-sha)
    [ "$QUICK" = yes ] || protected+=(a-nginx-bcrypt a-caddy-basic)
    check_refused "${protected[@]}"
    if [ "$QUICK" = no ]; then
        # Outside its folder the scoped token is refused before Apache sees the request.
        local outside
        outside=$(curl -m 30 -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $scoped" "$gw_url/dav/") || outside=000
        [ "$outside" = 403 ] || die "a-scoped: GET /dav/ (outside the scope) answered $outside, not 403"
    fi

    local -a gws=() nginxes=() caddies=()
    for t in "${targets[@]}"; do
        case "$t" in
            a-bearer|a-basic|a-scoped) gws+=("$t") ;;
            a-nginx*) nginxes+=("$t") ;;
            a-caddy*) caddies+=("$t") ;;
            a-plain) WARM[$t]=$WARMUP ;;
            a-direct) WARM[$t]=$NATIVE_WARMUP ;;
        esac
    done
    share_warmup "$WARMUP" "${gws[@]}"
    share_warmup "$NATIVE_WARMUP" "${nginxes[@]}"
    [ ${#caddies[@]} -eq 0 ] || share_warmup "$NATIVE_WARMUP" "${caddies[@]}"
    say "Apache backend: ${#targets[@]} targets serve the file; warm-up, then $ROUNDS rounds of ${DURATION}s × ${#targets[@]}, wrk -t$THREADS -c$CONNECTIONS"
    run_rounds "$A_TSV" "$THREADS" "$CONNECTIONS" "$A_FILE_PATH" "${targets[@]}"

    local audit
    audit=$(grep -c 'outcome=accepted' "$WORK/gateway-apache.log" || true)
    load1=$(cut -d' ' -f1-3 /proc/loadavg)
    {
        echo "- Apache part: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, GET $A_FILE_PATH (1 KiB) from $(apache2 -v | sed -n 's/^Server version: //p') (mpm_event, mod_dav, no auth, MaxKeepAliveRequests 0, KeepAliveTimeout 300, no access log); warm-up ${WARMUP}s per Java server, ${NATIVE_WARMUP}s per native one, then median of $ROUNDS interleaved rounds; load average before $load0, after $load1"
        echo "- Apache part fronts: gateway (upstream.identity none, audit line on: $audit accepted lines) and PlainProxy -Xmx256m; $(nginx -v 2>&1 | sed 's/.*: //') 2 workers, access log to a file$([ "$QUICK" = yes ] || echo "; Caddy $(caddy version | cut -d' ' -f1), access log to a file")"
    } >>"$FACTS"
    [ -z "$caddy_pid" ] || stop_bg "$caddy_pid"
    stop_bg "$nginx_pid"
    stop_bg "$plain_pid"
    stop_bg "$gw_pid"
    stop_bg "$apache_pid"
}

# === webdav-demo backend ===========================================================================
# A private PATGATE_HOME: config/ copied, port and upstream changed (every token here is valid, and
# a valid token is never refused by the failure limiter, so the limits stay as shipped).
DEMO_PID=""
setup_demo() {
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
    gw "$CONF" keys init >/dev/null
    KEY="$HOME_DIR/var/identity.key"

    start_bg "$WORK/webdav-demo.log" "$JAVA" -Xmx256m -jar "$DEMO_JAR" --host 127.0.0.1 --port "$DEMO_PORT" \
        --data "$HOME_DIR/var/demo-files" --identity-key "$KEY"
    DEMO_PID=$BG_PID
    BACKEND_PID=$DEMO_PID
    wait_port 127.0.0.1 "$DEMO_PORT" "$DEMO_PID" "$WORK/webdav-demo.log"
    DIRECT="http://127.0.0.1:$DEMO_PORT"
    curl -m 30 -fsS -o /dev/null -X MKCOL -H "$(minted direct MKCOL /dav/personal-files/bench/)" "$DIRECT/dav/personal-files/bench/" ||
        curl -m 30 -fsS -o /dev/null -X PROPFIND -H 'Depth: 0' -H "$(minted direct PROPFIND /dav/personal-files/bench/)" \
            "$DIRECT/dav/personal-files/bench/" ||
        die "cannot create /dav/personal-files/bench/ on webdav-demo"
    curl -m 30 -fsS -o /dev/null -T "$WORK/file-1k.txt" -H "$(minted direct PUT "$FILE_PATH")" "$DIRECT$FILE_PATH" ||
        die "cannot PUT $FILE_PATH on webdav-demo"

    # The token (the CLI writes to the store directly); nginx's htpasswd files hold it too.
    BEARER=$(gw "$CONF" admin user token -u alice -e 2h -l bench-bearer -q)
    BASIC=$(python3 "$HELPER" basic alice "$BEARER")

    start_plain "$CONF" "$PLAIN_PORT" "$WORK/plain-proxy.log"
    NG="$WORK/nginx"
    mkdir -p "$NG"
    htpasswd -nbB -C 5 alice "$BEARER" >"$NG/htpasswd-bcrypt" 2>/dev/null
    htpasswd -nbs alice "$BEARER" >"$NG/htpasswd-sha" 2>/dev/null
    write_nginx "$NG" "$DEMO_PORT" yes "$NGINX_BCRYPT_PORT bcrypt" "$NGINX_SHA_PORT sha"
    start_nginx "$NG" "$NGINX_SHA_PORT"
}

run_demo_part() {
    local load0 load1
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    start_gateway_jvm "$CONF" "$GW_PORT" 256m "$WORK/gateway.log"
    local gw_pid=$GW_PID gw_url="http://127.0.0.1:$GW_PORT" uuid scoped
    uuid=$(curl -m 30 -fsS -H "Authorization: Bearer $BEARER" "$gw_url/a/tree/stat/personal-files/bench" |
        python3 "$HELPER" uuid) || die "cannot stat personal-files/bench through the gateway"
    scoped=$(gw "$CONF" admin user token -u alice -e 2h -l bench-scoped -s "node:$uuid:rw" -q)

    # Every target gets the same GET; the plain proxy is sent the Bearer header too (and drops it).
    local targets=(direct plain bearer basic scoped nginx-bcrypt nginx-sha)
    URL=(); HEADER=(); FRONT=(); WARM=(); SETTLE=([direct]=1 [plain]=1 [bearer]=1)
    # direct's identity goes in the extra header minted before each run (see minted); Accept is a filler
    URL[direct]="$DIRECT$FILE_PATH";                       HEADER[direct]="Accept: */*";                   FRONT[direct]=$DEMO_PID
    URL[plain]="http://127.0.0.1:$PLAIN_PORT$FILE_PATH";   HEADER[plain]="Authorization: Bearer $BEARER";  FRONT[plain]=$PLAIN_PID
    URL[bearer]="$gw_url$FILE_PATH";                       HEADER[bearer]="Authorization: Bearer $BEARER"; FRONT[bearer]=$gw_pid
    URL[basic]="$gw_url$FILE_PATH";                        HEADER[basic]="Authorization: $BASIC";          FRONT[basic]=$gw_pid
    URL[scoped]="$gw_url$FILE_PATH";                       HEADER[scoped]="Authorization: Bearer $scoped"; FRONT[scoped]=$gw_pid
    URL[nginx-bcrypt]="http://127.0.0.1:$NGINX_BCRYPT_PORT$FILE_PATH"; HEADER[nginx-bcrypt]="Authorization: $BASIC"; FRONT[nginx-bcrypt]=$NGINX_PID
    URL[nginx-sha]="http://127.0.0.1:$NGINX_SHA_PORT$FILE_PATH";       HEADER[nginx-sha]="Authorization: $BASIC";    FRONT[nginx-sha]=$NGINX_PID
    check_targets "$WORK/file-1k.txt" "$FILE_PATH" "${targets[@]}"
    check_refused bearer nginx-bcrypt nginx-sha
    WARM[direct]=$WARMUP
    WARM[plain]=$WARMUP
    share_warmup "$WARMUP" bearer basic scoped
    share_warmup "$NATIVE_WARMUP" nginx-bcrypt nginx-sha
    say "webdav-demo backend: 7 targets serve the file; warm-up, then $ROUNDS rounds of ${DURATION}s × 7, wrk -t1 -c$DEMO_CONNECTIONS"
    run_rounds "$D_TSV" 1 "$DEMO_CONNECTIONS" "$FILE_PATH" "${targets[@]}"
    local audit
    audit=$(grep -c 'outcome=accepted' "$WORK/gateway.log" || true)
    load1=$(cut -d' ' -f1-3 /proc/loadavg)
    {
        echo "- webdav-demo part: wrk -t1 -c$DEMO_CONNECTIONS -d${DURATION}s --latency, GET $FILE_PATH (1 KiB); warm-up ${WARMUP}s per Java server, ${NATIVE_WARMUP}s for nginx, then median of $ROUNDS interleaved rounds; load average before $load0, after $load1"
        echo "- webdav-demo part: gateway (signed-identity, audit line on: $audit accepted lines), PlainProxy and webdav-demo -Xmx256m; nginx 2 workers, access log to a file"
    } >>"$FACTS"
    stop_bg "$gw_pid"
}

# --- the 1 GiB PUT part ----------------------------------------------------------------------------
# transfer PUT|GET TARGET BYTES: one streamed PUT of BYTES (a plain body with Content-Length, as
# WebDAV clients send; curl -T - alone would chunk it), or a GET of the uploaded file to /dev/null;
# prints "http_code seconds bytes proxy_cpu_s backend_cpu_s".
transfer() {
    local method=$1 target=$2 bytes=$3 url auth extra="" pgid="" p0=0 b0 got
    case "$target" in
        direct)  url="$DIRECT$PUT_PATH";                           auth=$(minted direct "$method" "$PUT_PATH") ;;
        plain)   url="http://127.0.0.1:$PLAIN_PORT$PUT_PATH";      auth="Authorization: Bearer $BEARER"; pgid=$PLAIN_PID ;;
        gateway) url="http://127.0.0.1:$GW_SMALL_PORT$PUT_PATH";   auth="Authorization: Bearer $BEARER"; pgid=$GW_PID ;;
        nginx)   url="http://127.0.0.1:$NGINX_SHA_PORT$PUT_PATH";  auth="Authorization: $BASIC"; pgid=$NGINX_PID
                 extra=$(minted nginx-sha "$method" "$PUT_PATH") ;;
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
    local load0 load1
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    start_gateway_jvm "$CONF" "$GW_SMALL_PORT" 128m "$WORK/gateway-128m.log"
    local targets=(direct gateway plain nginx) round target code secs sent proxy_cpu backend_cpu i
    say "1 GiB PUT: a warm-up upload of 1 GiB each, then $PUT_ROUNDS rounds of direct, gateway (-Xmx128m), plain proxy, nginx"
    for target in "${targets[@]}"; do
        read -r code _ <<<"$(transfer PUT "$target" "$PUT_BYTES")"
        [ "$code" = 201 ] || [ "$code" = 204 ] || die "$target: the warm-up PUT answered $code"
    done
    for round in $(seq 1 "$PUT_ROUNDS"); do
        for i in 0 1 2 3; do
            target=${targets[$(((i + round - 1) % 4))]}
            read -r code secs sent proxy_cpu backend_cpu <<<"$(transfer PUT "$target" "$PUT_BYTES")"
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
    local stored peak
    stored=$(curl -m 30 -sS -I -H "$(minted direct HEAD "$PUT_PATH")" "$DIRECT$PUT_PATH" |
        tr -d '\r' | awk 'NR == 1 {c = $2} tolower($1) == "content-length:" {l = $2} END {print c, l}') || true
    say "the stored file: HEAD answers $stored (status, Content-Length)"
    peak=$(awk '/VmHWM/ {printf "%d MiB", $2 / 1024}' "/proc/$GW_PID/status" 2>/dev/null || echo "?")
    stop_bg "$GW_PID"
    curl -m 30 -sS -o /dev/null -X DELETE -H "$(minted direct DELETE "$PUT_PATH")" "$DIRECT$PUT_PATH" || true
    load1=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "- 1 GiB PUT and GET: gateway -Xmx128m (peak RSS $peak), PlainProxy and webdav-demo -Xmx256m; CPU s = user + system of the process (group) during the transfer; load average before $load0, after $load1" >>"$FACTS"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M')
[ "$DO_APACHE" = no ] || run_apache_part
if [ "$DO_DEMO" = yes ] || [ "$DO_BIGPUT" = yes ]; then
    setup_demo
    [ "$DO_DEMO" = no ] || run_demo_part
    [ "$DO_BIGPUT" = no ] || run_bigput_part
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "### Results ($STARTED – $(date -u '+%H:%M UTC')$([ "$QUICK" = no ] || echo ', --quick'))"
echo
echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), Linux $(uname -r), $(awk '/MemTotal/{printf "%d GiB", $2/1048576}' /proc/meminfo) RAM; load average (1, 5, 15 min) before $LOAD_BEFORE, after $LOAD_AFTER"
echo "- Java fronts and webdav-demo on $JAVA_VERSION ($JAVA); CLI and build on $(java -version 2>&1 | sed -n 2p)"
echo "- $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(nginx -v 2>&1 | sed 's/.*: //'); Caddy $(caddy version | cut -d' ' -f1); $(apache2 -v | sed -n 's/^Server version: //p')"
cat "$FACTS"
echo
python3 "$HELPER" report --apache "$A_TSV" --demo "$D_TSV" --put "$PUT_TSV" --get "$GET_TSV" \
    --goals "$GOALS"
