#!/usr/bin/env bash
# engine-quick.sh: a quick side-by-side of the proxy hop's cost, for before/after a change to it.
#
# Fronts, all in front of one private Apache mod_dav (no auth) serving a 1 KiB file:
#   nginx      nginx auth_basic with a {SHA} htpasswd, 2 workers, keep-alive upstream
#   gw         the gateway (Bearer, unscoped), audit line on (stderr to a file)
#   plain      dev.patgate.bench.PlainProxy (the gateway minus the token filter)
#   gw-base, plain-base   the same from other jars (BASE_GW_JAR, BASE_BENCH_JAR), when given
#   jetty-proxy, jetty-least, jetty-self   with FLOORS=1: dev.patgate.bench.JettyFloor, Jetty 12's
#              core reverse proxy with nothing around it; the Jetty server plus the least any upstream
#              client can do (one bare blocking GET on a kept socket per server thread, a lower bound,
#              never a proxy); and the Jetty server answering 1 KiB itself: the floors under the hop
# wrk -t2 -c32 in interleaved rounds (the order rotated each round) after a warm-up of each JVM;
# for each front: median req/s, p50 and p99, front CPU per request (utime + stime of its
# processes over the round), and the median of the per-round ratios to nginx.
#
# Usage: scripts/bench/engine-quick.sh [ROUNDS [SECONDS [WARMUP_SECONDS]]]   (default 5 4 60)
# Env:   JAVA (default java) runs the JVM fronts; GW_JAR, BENCH_JAR (default: the tree's build,
#        mvn -B -q -DskipTests -pl benchmarks -am install); BASE_GW_JAR, BASE_BENCH_JAR;
#        GW_OPTS, BASE_GW_OPTS: extra JVM options for gw and gw-base (e.g. a -Dlogback.configurationFile
#        to compare a setting on one jar); PORT_BASE (default 19400, uses 9 ports from there);
#        FLOORS=1 adds the three Jetty floors. A BASE_GW_JAR older than the batched log lines
#        (BatchingAppender) cannot read the tree's config/logback.xml: give it its own with
#        BASE_GW_OPTS=-Dlogback.configurationFile=OLD_TREE/config/logback.xml;
#        KEEP=1 leaves the work dir.
# Needs apache2, nginx, apache2-utils (htpasswd), wrk, curl, python3.
set -euo pipefail

ROUNDS=${1:-5}
SECONDS_PER_ROUND=${2:-4}
WARMUP=${3:-60}
JAVA=${JAVA:-java}
PORT_BASE=${PORT_BASE:-19400}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
GW_JAR=${GW_JAR:-$REPO/gateway/target/patgate-gateway-0.1.0-SNAPSHOT-all.jar}
BENCH_JAR=${BENCH_JAR:-$REPO/benchmarks/target/benchmarks.jar}
for c in apache2 nginx htpasswd wrk curl python3 "$JAVA"; do
    command -v "$c" >/dev/null || { echo "engine-quick: $c is needed" >&2; exit 2; }
done
for j in "$GW_JAR" "$BENCH_JAR"; do
    [ -f "$j" ] || { echo "engine-quick: $j missing (mvn -B -q -DskipTests -pl benchmarks -am install)" >&2; exit 2; }
done

W=$(mktemp -d /tmp/engine-quick.XXXXXX)
chmod 755 "$W" # nginx and Apache workers read their files here
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    if [ -f "$W/apache/httpd.pid" ]; then kill "$(cat "$W/apache/httpd.pid")" 2>/dev/null || true; fi
    if [ -f "$W/nginx/nginx.pid" ]; then kill "$(cat "$W/nginx/nginx.pid")" 2>/dev/null || true; fi
    [ "${KEEP:-0}" = 1 ] || rm -rf "$W"
}
trap cleanup EXIT

P_APACHE=$PORT_BASE
P_NGINX=$((PORT_BASE + 1))
P_GW=$((PORT_BASE + 2))
P_PLAIN=$((PORT_BASE + 3))
P_GW_BASE=$((PORT_BASE + 4))
P_PLAIN_BASE=$((PORT_BASE + 5))
P_JETTY_PROXY=$((PORT_BASE + 6))
P_JETTY_SELF=$((PORT_BASE + 7))
P_JETTY_LEAST=$((PORT_BASE + 8))

# --- the backend: Apache mod_dav, event MPM, keep-alive without limit -------------------------
M=/usr/lib/apache2/modules
mkdir -p "$W/dav/dav" "$W/apache/logs" "$W/nginx/tmp" "$W/nginx/logs"
head -c 1024 /dev/urandom >"$W/dav/dav/file.bin"
cat >"$W/apache/httpd.conf" <<EOF
ServerRoot $W/apache
PidFile $W/apache/httpd.pid
Listen 127.0.0.1:$P_APACHE
ServerName 127.0.0.1
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule mime_module $M/mod_mime.so
TypesConfig /etc/mime.types
LoadModule dav_module $M/mod_dav.so
LoadModule dav_fs_module $M/mod_dav_fs.so
ErrorLog $W/apache/logs/error.log
DAVLockDB $W/apache/DavLock
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 60
StartServers 2
ThreadsPerChild 64
MaxRequestWorkers 256
ServerLimit 4
DocumentRoot $W/dav
<Directory $W/dav>
  Require all granted
  Dav On
</Directory>
EOF
apache2 -f "$W/apache/httpd.conf" -k start

# --- a gateway home: the shipped config, port and upstream changed; one token for alice ---------
mkdir -p "$W/home/config"
cp "$REPO"/config/* "$W/home/config/"
CONF=$W/home/config/gateway.yaml
sed -i -E -e "s|^(  port:) [0-9]+|\1 $P_GW|" -e "s|^(  url:) http://[^ ]+|\1 http://127.0.0.1:$P_APACHE|" "$CONF"
export PATGATE_HOME=$W/home
"$JAVA" -jar "$GW_JAR" -c "$CONF" keys init >/dev/null 2>&1
TOKEN=$("$JAVA" -jar "$GW_JAR" -c "$CONF" admin user token -u alice -e 2h -l engine-quick -q 2>/dev/null)

# --- nginx {SHA} in front of the same backend ---------------------------------------------------
htpasswd -nbs alice "$TOKEN" >"$W/nginx/htpasswd-sha" 2>/dev/null
cat >"$W/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $W/nginx/nginx.pid;
error_log $W/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log $W/nginx/logs/access.log;
  client_body_temp_path $W/nginx/tmp/body; proxy_temp_path $W/nginx/tmp/proxy;
  fastcgi_temp_path $W/nginx/tmp/fastcgi; uwsgi_temp_path $W/nginx/tmp/uwsgi; scgi_temp_path $W/nginx/tmp/scgi;
  upstream dav { server 127.0.0.1:$P_APACHE; keepalive 32; }
  server {
    listen 127.0.0.1:$P_NGINX;
    location / {
      auth_basic "bench";
      auth_basic_user_file $W/nginx/htpasswd-sha;
      proxy_pass http://dav;
      proxy_http_version 1.1;
      proxy_request_buffering off;
      proxy_set_header Connection "";
      proxy_set_header Authorization "";
    }
  }
}
EOF
nginx -p "$W/nginx" -e "$W/nginx/logs/error.log" -c "$W/nginx/nginx.conf" &
PIDS+=($!)

# --- the JVM fronts --------------------------------------------------------------------------
TARGETS="nginx=$P_NGINX"
start_gw() { # start_gw NAME PORT JAR [JVM_OPTIONS]
    sed -E "s|^(  port:) [0-9]+|\1 $2|" "$CONF" >"$W/home/config/gw-$2.yaml"
    # shellcheck disable=SC2086 # options split on purpose
    "$JAVA" -Xmx256m ${4:-} -cp "$3" dev.patgate.gateway.cli.Main -c "$W/home/config/gw-$2.yaml" serve --allow-demo-users \
        >"$W/$1.out" 2>"$W/$1.err" &
    PIDS+=($!)
    echo "$!" >"$W/$1.pid"
    TARGETS="$TARGETS $1=$2"
}
start_plain() { # start_plain NAME PORT JAR
    "$JAVA" -Xmx256m -cp "$3" dev.patgate.bench.PlainProxy "$CONF" "$2" >"$W/$1.out" 2>"$W/$1.err" &
    PIDS+=($!)
    echo "$!" >"$W/$1.pid"
    TARGETS="$TARGETS $1=$2"
}
start_gw gw "$P_GW" "$GW_JAR" "${GW_OPTS:-}"
start_plain plain "$P_PLAIN" "$BENCH_JAR"
[ -n "${BASE_GW_JAR:-}" ] && start_gw gw-base "$P_GW_BASE" "$BASE_GW_JAR" "${BASE_GW_OPTS:-}"
[ -n "${BASE_BENCH_JAR:-}" ] && start_plain plain-base "$P_PLAIN_BASE" "$BASE_BENCH_JAR"
start_floor() { # start_floor NAME PORT MODE [UPSTREAM]
    # shellcheck disable=SC2086 # no upstream for the self mode
    "$JAVA" -Xmx256m -cp "$BENCH_JAR" dev.patgate.bench.JettyFloor "$3" "$2" ${4:-} >"$W/$1.out" 2>"$W/$1.err" &
    PIDS+=($!)
    echo "$!" >"$W/$1.pid"
    TARGETS="$TARGETS $1=$2"
}
if [ "${FLOORS:-0}" = 1 ]; then
    start_floor jetty-proxy "$P_JETTY_PROXY" proxy "http://127.0.0.1:$P_APACHE"
    start_floor jetty-least "$P_JETTY_LEAST" least "http://127.0.0.1:$P_APACHE"
    start_floor jetty-self "$P_JETTY_SELF" self
fi
for t in $TARGETS; do
    port=${t#*=}
    auth="Authorization: Bearer $TOKEN"
    [ "${t%%=*}" = nginx ] && auth="Authorization: Basic $(printf 'alice:%s' "$TOKEN" | base64 -w0)"
    for _ in $(seq 150); do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "http://127.0.0.1:$port/dav/file.bin" 2>/dev/null || true)
        [ "$code" = 200 ] && break
        sleep 0.2
    done
    [ "$code" = 200 ] || { echo "engine-quick: ${t%%=*} does not answer 200 (got $code); see $W" >&2; KEEP=1; exit 1; }
done
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -1)"
echo "# fronts: $TARGETS; rounds $ROUNDS x ${SECONDS_PER_ROUND}s, warm-up ${WARMUP}s per JVM front"

# shellcheck disable=SC2086 # one argument per front, split on purpose
W="$W" TOKEN="$TOKEN" python3 - "$ROUNDS" "$SECONDS_PER_ROUND" "$WARMUP" $TARGETS <<'PY'
import base64, os, re, statistics, subprocess, sys
W = os.environ["W"]; TOKEN = os.environ["TOKEN"]
rounds, secs, warm = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
targets = [(a.split("=")[0], int(a.split("=")[1])) for a in sys.argv[4:]]
HZ = os.sysconf("SC_CLK_TCK")
BASIC = "Basic " + base64.b64encode(("alice:" + TOKEN).encode()).decode()

def pids(name):
    if name == "nginx":
        master = open(W + "/nginx/nginx.pid").read().strip()
        children = subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout.split()
        return [int(master)] + [int(c) for c in children]
    return [int(open("%s/%s.pid" % (W, name)).read())]

def ticks(ps):
    total = 0
    for p in ps:
        try:
            fields = open("/proc/%d/stat" % p).read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total

def micros(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    return float(m.group(1)) * {"us": 1, "ms": 1e3, "s": 1e6, "m": 6e7}[m.group(2)]

def wrk(name, port, duration):
    header = "Authorization: " + (BASIC if name == "nginx" else "Bearer " + TOKEN)
    ps = pids(name); t0 = ticks(ps)
    out = subprocess.run(["wrk", "-t2", "-c32", "-d" + duration, "--latency", "-H", header,
                          "http://127.0.0.1:%d/dav/file.bin" % port], capture_output=True, text=True).stdout
    t1 = ticks(ps)
    n = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            micros(re.search(r"\n\s+50%\s+(\S+)", out).group(1)),
            micros(re.search(r"\n\s+99%\s+(\S+)", out).group(1)),
            (t1 - t0) / HZ * 1e6 / max(n, 1), int(bad.group(1)) if bad else 0)

# the JVMs need their JIT warm; on a loaded 2-core machine that takes a minute or more each
for _ in range(max(1, warm // 15)):
    for name, port in targets:
        if name != "nginx":
            wrk(name, port, "15s")
wrk("nginx", targets[0][1], "5s")
res = {name: [] for name, _ in targets}
for r in range(rounds):
    k = r % len(targets)
    for name, port in targets[k:] + targets[:k]:
        res[name].append(wrk(name, port, secs + "s"))
print("| front | req/s | p50 µs | p99 µs | CPU µs/req | non-2xx | ÷ nginx (median of rounds) | per round |")
print("|---|---:|---:|---:|---:|---:|---:|---|")
for name, _ in targets:
    rs = res[name]
    ratios = [rs[i][0] / max(res["nginx"][i][0], 1) for i in range(rounds)]
    med = lambda i: statistics.median(x[i] for x in rs)
    print("| %s | %.0f | %.0f | %.0f | %.1f | %d | %.2f | %s |" % (name, med(0), med(1), med(2), med(3),
          sum(x[4] for x in rs), statistics.median(ratios), " ".join("%.2f" % x for x in ratios)))
PY
